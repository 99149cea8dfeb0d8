import {
  CreateWorkGroupCommand,
  GetQueryExecutionCommand,
  ListQueryExecutionsCommand,
} from '@aws-sdk/client-athena';
import { runContext } from '@credential-tracker/core/aws';
import { useMotoSuite } from '@credential-tracker/testing';
import { expect } from 'chai';
import { createHandler, pipelineTables } from '../src/handler.js';

const RUN = runContext('exec-ddl', new Date('2026-11-23T06:00:00Z'));

describe('initialise-table against moto', function () {
  this.timeout(60_000);
  const moto = useMotoSuite();

  beforeEach(() => {
    moto.handlerEnvironment({
      ATHENA_WORKGROUP: 'credential-tracker',
      GLUE_DATABASE: 'credential_tracker',
      REPORT_BUCKET: 'tracker-reports',
    });
  });

  it('runs the seven DDL statements, and again on the next run without error', async () => {
    // Prepare
    const { athena } = moto.clients;
    await athena.send(new CreateWorkGroupCommand({ Name: 'credential-tracker' }));
    const handler = createHandler();

    // Act
    const first = await handler({ run: RUN });
    const second = await handler({ run: RUN });

    // Assess
    expect(first).to.deep.equal({
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
    expect(second).to.deep.equal(first);
    const { QueryExecutionIds: ids = [] } = await athena.send(
      new ListQueryExecutionsCommand({ WorkGroup: 'credential-tracker' }),
    );
    const executions = await Promise.all(
      ids.map((id) => athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))),
    );
    const queries = executions.map(({ QueryExecution: execution }) => {
      expect(execution?.StatementType).to.equal('DDL');
      expect(execution?.QueryExecutionContext).to.deep.equal({ Database: 'credential_tracker' });
      expect(execution?.Status?.State).to.equal('SUCCEEDED');
      return execution?.Query;
    });
    const ddl = pipelineTables('tracker-reports').map((table) => table.ddl);
    expect(queries).to.deep.equal([...ddl, ...ddl]);
  });
});
