import { ListSigningCertificatesCommand, UploadSigningCertificateCommand } from '@aws-sdk/client-iam';
import {
  createRemediationWorld,
  signingCertificatePem,
  useMotoSuite,
  type RemediationWorld,
} from '@credential-tracker/testing';
import { createHandler as createSummariseRun } from '@credential-tracker/fn-summarise-run';
import { expect } from 'chai';
import { createHandler } from '../src/handler.js';

describe('remediate-findings-cert-rotation against moto', function () {
  this.timeout(60_000);
  const moto = useMotoSuite();
  let world: RemediationWorld;
  let arn: string;
  let certificateId: string;

  beforeEach(async () => {
    world = await createRemediationWorld(moto.endpoint);
    arn = await world.createUser('dave');
    certificateId = (
      await world.iam.send(
        new UploadSigningCertificateCommand({ UserName: 'dave', CertificateBody: signingCertificatePem() }),
      )
    ).Certificate?.CertificateId as string;
    world.ages.age(certificateId, 100);
  });
  afterEach(() => world.destroy());

  const certificates = async () =>
    ((await world.iam.send(new ListSigningCertificatesCommand({ UserName: 'dave' }))).Certificates ?? []).map(
      (cert) => ({
        id: cert.CertificateId as string,
        status: cert.Status as string,
        uploaded: cert.UploadDate as Date,
      }),
    );
  const runAt = async (days: number, enforce = true) => {
    const active = (await certificates()).filter((cert) => cert.status === 'Active');
    const rows = active.map((cert) => ({
      account_id: world.accountId,
      user_name: 'dave',
      user_arn: arn,
      credential: 'cert_1',
      created_at: cert.uploaded,
      last_used_at: null,
      days: 100 + days,
    }));
    return world.run({
      createHandler,
      finding: 'cert-rotation',
      days,
      enforce,
      rows,
      environment: (settings) => moto.handlerEnvironment(settings),
      config: { CT_FALLBACK_EMAIL: 'security@example.com' },
    });
  };

  /** summarise-run, the run's last step: it sends the owners' digests the remediation queued. */
  const summarise = (run: Parameters<RemediationWorld['summarise']>[0]) =>
    world.summarise(run, createSummariseRun, (settings) => moto.handlerEnvironment(settings));

  it('warns about an old signing certificate, deactivates it past the grace period, once', async () => {
    const warned = await runAt(0);
    expect(warned.log.map((row) => row.decision)).to.deep.equal(['warned', 'notice_queued']);
    await summarise(warned.run);

    const deactivated = await runAt(6);
    expect(deactivated.log.map((row) => [row.decision, row.action, row.credential_id])).to.deep.equal([
      ['done', 'deactivate_certificate', certificateId],
      ['notice_queued', 'notify', null],
    ]);
    await summarise(deactivated.run);
    expect((await certificates()).map((cert) => cert.status)).to.deep.equal(['Inactive']);
    expect((await world.sentEmails()).map((email) => email.destinations.ToAddresses)).to.deep.equal([
      ['security@example.com'],
      ['security@example.com'],
    ]);

    const again = await runAt(6);
    expect(again.log).to.deep.equal([]);
  });
});
