import { AthenaClient, GetQueryExecutionCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { AthenaQueryFailedError } from '@credential-tracker/core/aws';
import { mockClient } from 'aws-sdk-client-mock';
import { expect } from 'chai';
import { initialiseTables, pipelineTables } from '../src/handler.js';

const SETTINGS = {
  ATHENA_WORKGROUP: 'wg',
  GLUE_DATABASE: 'credential_tracker',
  REPORT_BUCKET: 'tracker-reports',
};
const noSleep = { sleep: () => Promise.resolve() };

describe('initialise-table', () => {
  const athena = new AthenaClient({ region: 'us-east-1' });
  const mock = mockClient(athena);

  beforeEach(() => {
    mock.reset();
    mock.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-ddl' });
  });

  after(() => mock.restore());

  it('runs each DDL in the database and workgroup, one after the other', async () => {
    // Prepare
    mock.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });

    // Act
    const result = await initialiseTables(athena, SETTINGS, noSleep);

    // Assess
    expect(result).to.deep.equal({
      database: 'credential_tracker',
      tables: [
        'credential_report',
        'targets',
        'actions',
        'inventory_users',
        'inventory_groups',
        'inventory_roles',
        'inventory_policies',
      ],
    });
    expect(mock.commandCalls(StartQueryExecutionCommand).map((call) => call.args[0].input)).to.deep.equal(
      pipelineTables('tracker-reports').map((table) => ({
        QueryString: table.ddl,
        QueryExecutionContext: { Database: 'credential_tracker' },
        WorkGroup: 'wg',
      })),
    );
  });

  it("stops at the first failing DDL with Athena's reason and the table", async () => {
    // Prepare
    mock.on(GetQueryExecutionCommand).resolves({
      QueryExecution: {
        Status: { State: 'FAILED', StateChangeReason: 'Insufficient Lake Formation permission(s)' },
      },
    });

    // Act
    let error: unknown;
    try {
      await initialiseTables(athena, SETTINGS, noSleep);
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect(error).to.be.instanceOf(AthenaQueryFailedError);
    expect((error as Error).message)
      .to.include('table credential_tracker.credential_report')
      .and.include('ended FAILED: Insufficient Lake Formation permission(s)');
    expect(mock.commandCalls(StartQueryExecutionCommand)).to.have.length(1);
  });
});
