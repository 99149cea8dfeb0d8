import { expect } from 'chai';
import {
  PolicyDocumentError,
  decodePolicyDocument,
  grantsEverything,
  trustPrincipals,
  type PolicyDocument,
} from '../../src/inventory/index.js';
import { encoded } from './fixtures.js';

const document = (...Statement: object[]): PolicyDocument =>
  ({ Version: '2012-10-17', Statement }) as unknown as PolicyDocument;

describe('policy documents', () => {
  describe('decodePolicyDocument', () => {
    it('decodes the URL-encoded documents IAM returns', () => {
      // Prepare
      const original = {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/a b%+' }],
      };

      // Act
      const decoded = decodePolicyDocument(encoded(original), 'p');

      // Assess
      expect(decoded).to.deep.equal(original);
    });

    it('takes a document that is already JSON as it is, a % in it included', () => {
      // Act
      const decoded = decodePolicyDocument('  {"Statement":{"Resource":"arn:aws:s3:::100%"}}', 'p');

      // Assess
      expect(decoded).to.deep.equal({ Statement: { Resource: 'arn:aws:s3:::100%' } });
    });

    it('names the policy of a document that is neither', () => {
      // Assess
      expect(() => decodePolicyDocument('%E0%A4%A', 'policy x')).to.throw(
        PolicyDocumentError,
        /^policy x: .*URL-encoded/,
      );
      expect(() => decodePolicyDocument('%5B1%5D', 'policy y')).to.throw(
        PolicyDocumentError,
        /^policy y: .*not a JSON object/,
      );
      expect(() => decodePolicyDocument('{"a":', 'policy z')).to.throw(
        PolicyDocumentError,
        /^policy z: the document is not JSON/,
      );
    });
  });

  describe('grantsEverything', () => {
    const cases: [string, PolicyDocument, boolean][] = [
      ['Action and Resource *', document({ Effect: 'Allow', Action: '*', Resource: '*' }), true],
      [
        '* in lists',
        document({ Effect: 'Allow', Action: ['iam:GetUser', '*'], Resource: ['arn:aws:s3:::b', '*'] }),
        true,
      ],
      [
        'one statement object, not a list',
        { Statement: { Effect: 'Allow', Action: '*', Resource: '*' } },
        true,
      ],
      [
        'under a Condition',
        document({
          Effect: 'Allow',
          Action: '*',
          Resource: '*',
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
        }),
        true,
      ],
      [
        'beside a Deny of everything',
        document(
          { Effect: 'Deny', Action: '*', Resource: '*' },
          { Effect: 'Allow', Action: '*', Resource: '*' },
        ),
        true,
      ],
      ['a Deny of everything alone', document({ Effect: 'Deny', Action: '*', Resource: '*' }), false],
      ['NotAction', document({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }), false],
      ['NotResource', document({ Effect: 'Allow', Action: '*', NotResource: 'arn:aws:s3:::b' }), false],
      ['a service wildcard', document({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }), false],
      [
        'everything on one resource',
        document({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::b' }),
        false,
      ],
      ['no statement', { Version: '2012-10-17' }, false],
    ];
    for (const [name, policy, expected] of cases) {
      it(`${expected ? 'counts' : 'does not count'} ${name}`, () => {
        expect(grantsEverything(policy)).to.equal(expected);
      });
    }
  });

  describe('trustPrincipals', () => {
    it('flattens every principal of the Allow statements as <type>:<principal>, sorted, once each', () => {
      // Prepare
      const trust = document(
        {
          Effect: 'Allow',
          Principal: { Federated: 'arn:aws:iam::111122223333:saml-provider/okta' },
          Action: 'sts:AssumeRoleWithSAML',
        },
        {
          Effect: 'Allow',
          Principal: {
            AWS: ['arn:aws:iam::111122223333:root', 'AROAEXAMPLE'],
            Service: ['ec2.amazonaws.com'],
          },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
        },
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' },
        { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' },
        {
          Effect: 'Allow',
          NotPrincipal: { AWS: 'arn:aws:iam::222233334444:root' },
          Action: 'sts:AssumeRole',
        },
      );

      // Act
      const principals = trustPrincipals(trust);

      // Assess
      expect(principals).to.deep.equal([
        'AWS:AROAEXAMPLE',
        'AWS:arn:aws:iam::111122223333:root',
        'Federated:arn:aws:iam::111122223333:saml-provider/okta',
        'Service:ec2.amazonaws.com',
      ]);
    });

    it('reads Principal "*" as AWS:*', () => {
      expect(
        trustPrincipals(document({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' })),
      ).to.deep.equal(['AWS:*']);
    });
  });
});
