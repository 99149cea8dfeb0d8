import { join } from 'node:path';
import {
  CreateNamedQueryCommand,
  CreateWorkGroupCommand,
  GetQueryExecutionCommand,
  ListQueryExecutionsCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { DEFAULT_CONFIG } from '@credential-tracker/core';
import { AthenaQueryFailedError, runContext } from '@credential-tracker/core/aws';
import { CATALOG_DIR, loadFinding } from '@credential-tracker/findings';
import { instantAthenaQueries, slowAthenaQueries, useMotoSuite } from '@credential-tracker/testing';
import { expect } from 'chai';
import { createHandler, generateFindings, NamedQueryDriftError } from '../src/handler.js';

const RUN = runContext('exec-moto', new Date('2026-11-23T06:00:00Z'));
const FINDING = loadFinding(join(CATALOG_DIR, 'ak-usage'));
const WORKGROUP = 'credential-tracker';
const DATABASE = 'credential_tracker';

describe('generate-findings against moto', function () {
  this.timeout(60_000);
  const moto = useMotoSuite();
  let namedQueryId: string;

  beforeEach(async () => {
    await moto.clients.athena.send(new CreateWorkGroupCommand({ Name: WORKGROUP }));
    const created = await moto.clients.athena.send(
      new CreateNamedQueryCommand({
        Name: FINDING.id,
        Database: DATABASE,
        QueryString: FINDING.sql,
        WorkGroup: WORKGROUP,
      }),
    );
    namedQueryId = created.NamedQueryId ?? '';
  });

  afterEach(() => instantAthenaQueries(moto.endpoint));

  const settings = () => ({
    FINDING_ID: FINDING.id,
    NAMED_QUERY_ID: namedQueryId,
    ATHENA_WORKGROUP: WORKGROUP,
    GLUE_DATABASE: DATABASE,
  });

  it('the handler starts the named query with its execution parameters, database and workgroup', async () => {
    // Prepare: the SDK finds moto through the environment, as the deployed Lambda finds AWS.
    moto.handlerEnvironment({ ...settings(), CT_UNUSED_DAYS: '30' });

    // Act
    const result = await createHandler()({ run: RUN });

    // Assess
    const { QueryExecution: execution } = await moto.clients.athena.send(
      new GetQueryExecutionCommand({ QueryExecutionId: result.query_execution_id }),
    );
    expect(result).to.deep.include({ finding: FINDING.id, state: 'SUCCEEDED' });
    expect(execution?.Query).to.equal(FINDING.sql);
    expect(execution?.QueryExecutionContext).to.deep.equal({ Database: DATABASE });
    expect(execution?.WorkGroup).to.equal(WORKGROUP);
    expect(execution?.ExecutionParameters).to.deep.equal([
      "'2026-11-23T06:00:00.000Z'",
      "'2026-11-23'",
      '30',
    ]);
  });

  it('polls while the query is QUEUED and RUNNING', async () => {
    // Prepare: moto moves a query one state on every second poll: QUEUED, RUNNING, RUNNING, SUCCEEDED.
    await slowAthenaQueries(moto.endpoint, 2);
    const sleeps: number[] = [];

    // Act
    const result = await generateFindings(moto.clients.athena, FINDING, settings(), RUN, DEFAULT_CONFIG, {
      sleep: (ms) => Promise.resolve(void sleeps.push(ms)),
    });

    // Assess
    expect(result.state).to.equal('SUCCEEDED');
    expect(sleeps).to.deep.equal([250, 500, 1000]);
  });

  it('fails clearly when the query is cancelled while it waits', async () => {
    // Prepare: the query stays QUEUED; someone stops it during the first pause.
    await slowAthenaQueries(moto.endpoint, 100);
    const cancel = async () => {
      const { QueryExecutionIds } = await moto.clients.athena.send(
        new ListQueryExecutionsCommand({ WorkGroup: WORKGROUP }),
      );
      for (const id of QueryExecutionIds ?? []) {
        await moto.clients.athena.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
      }
    };

    // Act
    let error: unknown;
    try {
      await generateFindings(moto.clients.athena, FINDING, settings(), RUN, DEFAULT_CONFIG, {
        sleep: cancel,
      });
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect(error).to.be.instanceOf(AthenaQueryFailedError);
    expect((error as Error).message)
      .to.include(`finding ${FINDING.id}`)
      .and.include('ended CANCELLED');
  });

  it('refuses to run a named query deployed from another version of the catalog', async () => {
    // Prepare
    const other = await moto.clients.athena.send(
      new CreateNamedQueryCommand({
        Name: 'old',
        Database: DATABASE,
        QueryString: 'SELECT 1',
        WorkGroup: WORKGROUP,
      }),
    );

    // Act
    let error: unknown;
    try {
      await generateFindings(
        moto.clients.athena,
        FINDING,
        { ...settings(), NAMED_QUERY_ID: other.NamedQueryId ?? '' },
        RUN,
        DEFAULT_CONFIG,
      );
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect(error).to.be.instanceOf(NamedQueryDriftError);
    expect((error as Error).message)
      .to.include(String(other.NamedQueryId))
      .and.include(FINDING.id);
  });
});
