import { join } from 'node:path';
import {
  AthenaClient,
  GetNamedQueryCommand,
  GetQueryExecutionCommand,
  StartQueryExecutionCommand,
  type QueryExecutionState,
} from '@aws-sdk/client-athena';
import { ConfigError, DEFAULT_CONFIG } from '@credential-tracker/core';
import { AthenaQueryFailedError, AthenaQueryTimeoutError, runContext } from '@credential-tracker/core/aws';
import { CATALOG_DIR, loadFinding } from '@credential-tracker/findings';
import { mockClient } from 'aws-sdk-client-mock';
import { expect } from 'chai';
import {
  createHandler,
  findingFromCatalog,
  generateFindings,
  NamedQueryDriftError,
  UnknownFindingError,
} from '../src/handler.js';

const RUN = runContext('exec-1', new Date('2026-11-23T06:00:00Z'));
const FINDING = loadFinding(join(CATALOG_DIR, 'ak-rotation'));
const SETTINGS = {
  FINDING_ID: 'ak-rotation',
  NAMED_QUERY_ID: 'nq-ak-rotation',
  ATHENA_WORKGROUP: 'credential-tracker',
  GLUE_DATABASE: 'credential_tracker',
};

const inState = (State: QueryExecutionState) => ({
  QueryExecution: { QueryExecutionId: 'q-1', Status: { State } },
});

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('generate-findings', () => {
  const athena = new AthenaClient({ region: 'us-east-1' });
  const mock = mockClient(athena);
  const sleeps: number[] = [];
  const polling = { sleep: (ms: number) => Promise.resolve(void sleeps.push(ms)) };

  beforeEach(() => {
    mock.reset();
    sleeps.length = 0;
    mock
      .on(GetNamedQueryCommand)
      .resolves({ NamedQuery: { Name: 'ak-rotation', Database: 'x', QueryString: FINDING.sql } });
    mock.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
  });

  after(() => mock.restore());

  it('starts the named query with the run parameters and polls until it succeeds', async () => {
    // Prepare
    let call = 0;
    const answers = (['QUEUED', 'RUNNING', 'SUCCEEDED'] as const).map(inState);
    mock.on(GetQueryExecutionCommand).callsFake(() => answers[call++]);

    // Act
    const result = await generateFindings(
      athena,
      FINDING,
      SETTINGS,
      RUN,
      { ...DEFAULT_CONFIG, rotation_days: 30 },
      polling,
    );

    // Assess
    expect(result).to.deep.equal({ finding: 'ak-rotation', query_execution_id: 'q-1', state: 'SUCCEEDED' });
    expect(mock.commandCalls(GetNamedQueryCommand)[0]?.args[0].input).to.deep.equal({
      NamedQueryId: 'nq-ak-rotation',
    });
    expect(mock.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input).to.deep.equal({
      QueryString: FINDING.sql,
      QueryExecutionContext: { Database: 'credential_tracker' },
      WorkGroup: 'credential-tracker',
      ExecutionParameters: ["'2026-11-23T06:00:00.000Z'", "'2026-11-23'", '30'],
    });
    expect(mock.commandCalls(GetQueryExecutionCommand)).to.have.length(3);
    expect(sleeps).to.deep.equal([250, 500]);
  });

  it("fails on FAILED with Athena's reason and the finding id", async () => {
    // Prepare
    mock.on(GetQueryExecutionCommand).resolves({
      QueryExecution: {
        Status: {
          State: 'FAILED',
          StateChangeReason: 'TABLE_NOT_FOUND: Table credential_report does not exist',
        },
      },
    });

    // Act
    const error = await rejection(generateFindings(athena, FINDING, SETTINGS, RUN, DEFAULT_CONFIG, polling));

    // Assess
    expect(error).to.be.instanceOf(AthenaQueryFailedError);
    expect(error.name).to.equal('AthenaQueryFailedError');
    expect(error.message).to.include('finding ak-rotation');
    expect(error.message).to.include(
      'q-1 ended FAILED: TABLE_NOT_FOUND: Table credential_report does not exist',
    );
  });

  it('fails on CANCELLED with the reason Athena gives in AthenaError', async () => {
    // Prepare
    mock.on(GetQueryExecutionCommand).resolves({
      QueryExecution: {
        Status: { State: 'CANCELLED', AthenaError: { ErrorMessage: 'Query cancelled by user' } },
      },
    });

    // Act
    const error = await rejection(generateFindings(athena, FINDING, SETTINGS, RUN, DEFAULT_CONFIG, polling));

    // Assess
    expect(error).to.be.instanceOf(AthenaQueryFailedError);
    expect(error.message).to.include('ended CANCELLED: Query cancelled by user');
    expect((error as AthenaQueryFailedError).state).to.equal('CANCELLED');
  });

  it('gives up after the allowed number of polls', async () => {
    // Prepare
    mock.on(GetQueryExecutionCommand).resolves(inState('RUNNING'));

    // Act
    const error = await rejection(
      generateFindings(athena, FINDING, SETTINGS, RUN, DEFAULT_CONFIG, { ...polling, maxAttempts: 4 }),
    );

    // Assess
    expect(error).to.be.instanceOf(AthenaQueryTimeoutError);
    expect(error.message).to.include('still RUNNING after 4 polls');
    expect(mock.commandCalls(GetQueryExecutionCommand)).to.have.length(4);
    expect(sleeps).to.deep.equal([250, 500, 1000]);
  });

  it('stops polling while the Lambda still has time to say the query is still running', async () => {
    // Prepare: 5.6 s left, then 5.3 s: the second pause (500 ms) would leave less than the 5 s margin.
    mock.on(GetQueryExecutionCommand).resolves(inState('QUEUED'));
    const timeLeft = [5_600, 5_300];

    // Act
    const error = await rejection(
      generateFindings(athena, FINDING, SETTINGS, RUN, DEFAULT_CONFIG, {
        ...polling,
        timeLeftMs: () => timeLeft.shift() ?? 0,
      }),
    );

    // Assess
    expect(error).to.be.instanceOf(AthenaQueryTimeoutError);
    expect(error.message).to.include('finding ak-rotation').and.include('still QUEUED after 2 polls');
    expect(sleeps).to.deep.equal([250]);
  });

  it('refuses a named query whose SQL drifted from the catalog, before starting anything', async () => {
    // Prepare
    const drifted = FINDING.sql.replace('rotation_days * 86400', 'rotation_days * 3600');
    mock
      .on(GetNamedQueryCommand)
      .resolves({ NamedQuery: { Name: 'ak-rotation', Database: 'x', QueryString: drifted } });

    // Act
    const error = await rejection(generateFindings(athena, FINDING, SETTINGS, RUN, DEFAULT_CONFIG, polling));

    // Assess
    expect(error).to.be.instanceOf(NamedQueryDriftError);
    expect(error.message).to.include('finding ak-rotation');
    expect(error.message).to.include('named query nq-ak-rotation');
    expect(error.message).to.match(/differs at line \d+/);
    expect(mock.commandCalls(StartQueryExecutionCommand)).to.have.length(0);
  });

  it('accepts a named query that differs only by its final newline', async () => {
    // Prepare
    mock
      .on(GetNamedQueryCommand)
      .resolves({ NamedQuery: { Name: 'n', Database: 'x', QueryString: FINDING.sql.trimEnd() } });
    mock.on(GetQueryExecutionCommand).resolves(inState('SUCCEEDED'));

    // Act
    const result = await generateFindings(athena, FINDING, SETTINGS, RUN, DEFAULT_CONFIG, polling);

    // Assess
    expect(result.state).to.equal('SUCCEEDED');
  });

  it('names the known findings when FINDING_ID is not one of them', () => {
    expect(() => findingFromCatalog('ak-rotatoin'))
      .to.throw(UnknownFindingError)
      .with.property('message')
      .that.includes('ak-rotatoin')
      .and.includes('ak-rotation, ak-usage');
  });

  describe('handler', () => {
    const saved = { ...process.env };
    afterEach(() => {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
    });

    it('reads its settings and the CT_* thresholds from the environment', async () => {
      // Prepare
      Object.assign(process.env, { ...SETTINGS, CT_ROTATION_DAYS: '60' });
      mock.on(GetQueryExecutionCommand).resolves(inState('SUCCEEDED'));

      // Act
      const result = await createHandler({ athena })(
        { run: RUN },
        { getRemainingTimeInMillis: () => 60_000 },
      );

      // Assess
      expect(result.query_execution_id).to.equal('q-1');
      expect(
        mock.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input.ExecutionParameters,
      ).to.deep.equal(["'2026-11-23T06:00:00.000Z'", "'2026-11-23'", '60']);
    });

    it('names every missing setting at once', async () => {
      // Prepare
      Object.assign(process.env, { FINDING_ID: 'ak-rotation' });

      // Act
      const error = await rejection(createHandler({ athena })({ run: RUN }));

      // Assess
      expect(error).to.be.instanceOf(ConfigError);
      expect(error.message)
        .to.include('NAMED_QUERY_ID')
        .and.include('ATHENA_WORKGROUP')
        .and.include('GLUE_DATABASE');
    });
  });
});
