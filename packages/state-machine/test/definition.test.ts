import { readFileSync } from 'node:fs';
import aslValidator from 'asl-validator';
import { expect } from 'chai';
import {
  DEFINITION_TEMPLATE_PATH,
  DEFINITION_VARIABLES,
  TemplateRenderError,
  renderDefinition,
  renderTemplate,
  templatePlaceholders,
} from '../src/render.js';
import { stateNamesWithin } from '../src/transitions.js';
import { catalogFindingFunctions, renderedDefinition } from './support/local-run.js';

type State = Record<string, unknown> & { Type: string };

/** Every state of the definition, nested Map and Parallel states included, by name. */
function allStates(states: Record<string, unknown>): Map<string, State> {
  const found = new Map<string, State>();
  for (const [name, value] of Object.entries(states)) {
    const state = value as State & {
      ItemProcessor?: { States: Record<string, unknown> };
      Branches?: { States: Record<string, unknown> }[];
    };
    found.set(name, state);
    const nested = [state.ItemProcessor?.States, ...(state.Branches ?? []).map((branch) => branch.States)];
    for (const inner of nested) if (inner) for (const [n, s] of allStates(inner)) found.set(n, s);
  }
  return found;
}

const countNames = (states: Record<string, unknown>): number => {
  let count = 0;
  for (const value of Object.values(states)) {
    count++;
    const state = value as {
      ItemProcessor?: { States: Record<string, unknown> };
      Branches?: { States: Record<string, unknown> }[];
    };
    for (const inner of [state.ItemProcessor?.States, ...(state.Branches ?? []).map((b) => b.States)]) {
      if (inner) count += countNames(inner);
    }
  }
  return count;
};

describe('state machine definition template', () => {
  const template = readFileSync(DEFINITION_TEMPLATE_PATH, 'utf8');

  it('uses exactly the placeholders the renderer knows', () => {
    // Act
    const placeholders = templatePlaceholders(template);

    // Assess
    expect([...placeholders].sort()).to.deep.equal([...DEFINITION_VARIABLES].sort());
  });

  it('renders to a definition asl-validator accepts, ARNs and JSONPaths checked', () => {
    // Prepare
    const definition = renderedDefinition();

    // Act
    const { isValid, errorsText } = aslValidator(definition, { checkArn: true, checkPaths: true });

    // Assess
    expect(errorsText('\n')).to.equal('');
    expect(isValid).to.be.true;
  });

  it('is refused by asl-validator when a state is broken', () => {
    // Prepare
    const definition = renderedDefinition();
    delete (definition.States.InitialiseTable as { Next?: string }).Next;

    // Act
    const { isValid } = aslValidator(definition, { checkArn: true, checkPaths: true });

    // Assess
    expect(isValid).to.be.false;
  });

  it('names every state once across the machine, so overrides and history are unambiguous', () => {
    // Prepare
    const definition = renderedDefinition();

    // Act
    const names = stateNamesWithin(definition.States);

    // Assess
    expect(names.size).to.equal(countNames(definition.States));
  });

  it('retries Lambda service errors and throttling with full-jitter backoff on every Task', () => {
    // Prepare
    const tasks = [...allStates(renderedDefinition().States)].filter(([, state]) => state.Type === 'Task');

    // Assess
    expect(tasks.map(([name]) => name)).to.have.members([
      'ListAccounts',
      'GenerateReport',
      'DownloadReport',
      'CollectInventory',
      'InitialiseTable',
      'GenerateFindings',
      'RetrieveUsersToRemediate',
      'RemediateFindings',
      'ExportFindings',
      'Summarise',
    ]);
    for (const [, task] of tasks) {
      expect(task.Retry).to.deep.include({
        ErrorEquals: [
          'Lambda.ServiceException',
          'Lambda.AWSLambdaException',
          'Lambda.SdkClientException',
          'Lambda.TooManyRequestsException',
        ],
        IntervalSeconds: 2,
        BackoffRate: 2,
        MaxAttempts: 6,
        JitterStrategy: 'FULL',
      });
    }
  });

  it('shapes every Task result, so no report contents or targets travel between states', () => {
    // Prepare
    const states = allStates(renderedDefinition().States);

    // Assess
    for (const [name, state] of states) {
      if (state.Type !== 'Task' || name === 'InitialiseTable') continue;
      expect(state, name).to.have.property('ResultSelector');
    }
    expect(states.get('InitialiseTable')).to.have.property('ResultPath', null);
    // Of a remediation's result, only the run's action counts go on, to the next remediation.
    expect(states.get('RemediateFindings')).to.deep.include({
      ResultSelector: {
        'run.$': '$.Payload.actions_in_run.run',
        'by_account.$': '$.Payload.actions_in_run.by_account',
      },
      ResultPath: '$.actions',
    });
  });

  it('runs the remediations one after another, outside the parallel findings Map', () => {
    // Prepare
    const { States } = renderedDefinition();
    const findingsMap = States.RunFindings as { ItemProcessor: { States: Record<string, unknown> } };

    // Assess: a Map's iterations cannot hand each other the counts, so RemediateFindings is in a loop
    expect(Object.keys(findingsMap.ItemProcessor.States)).not.to.include('RemediateFindings');
    expect(States).to.have.property('RemediateFindings');
    expect(States.RemediateFindings).to.have.nested.property(
      'Parameters.Payload.actions_earlier_in_run\\.$',
      '$.actions',
    );
    expect(States.StartRemediations).to.have.deep.nested.property('Parameters.actions', {
      run: 0,
      by_account: {},
    });
  });

  it('exports to Security Hub only when security_hub_export is on, between the findings and the remediations', () => {
    // Act
    const off = renderedDefinition().States;
    const on = renderedDefinition(catalogFindingFunctions(), 10, true).States;

    // Assess: the findings Map goes to the switch, which goes to the remediations unless it is on
    expect(off.RunFindings).to.have.property('Next', 'SecurityHubExport');
    expect(off.SecurityHubExport).to.deep.include({
      Result: { status: 'off' },
      ResultPath: '$.security_hub',
    });
    expect(on.SecurityHubExport).to.have.deep.property('Result', {
      status: 'on',
      function_arn: 'arn:aws:lambda:us-east-1:111111111111:function:ct-export-findings',
    });
    expect(off.IsSecurityHubExportOn).to.deep.include({
      Choices: [{ Variable: '$.security_hub.status', StringEquals: 'on', Next: 'ExportFindings' }],
      Default: 'StartRemediations',
    });
    // Whatever the export does, the remediations run next, and the summary hears of it
    expect(on.ExportFindings).to.deep.include({ Next: 'StartRemediations', ResultPath: '$.security_hub' });
    expect(on.ExportFindings).to.have.nested.property('Catch[0].Next', 'RecordExportFailure');
    expect(on.RecordExportFailure).to.deep.include({
      Next: 'StartRemediations',
      ResultPath: '$.security_hub',
    });
    expect(on.StartRemediations).to.have.nested.property('Parameters.security_hub\\.$', '$.security_hub');
    expect(on.Summarise).to.have.nested.property('Parameters.security_hub\\.$', '$.security_hub');
    const { isValid, errorsText } = aslValidator(renderedDefinition(catalogFindingFunctions(), 10, true), {
      checkArn: true,
      checkPaths: true,
    });
    expect(errorsText('\n')).to.equal('');
    expect(isValid).to.be.true;
  });

  it('puts the findings list and the numbers where Terraform passes them', () => {
    // Prepare
    const findings = catalogFindingFunctions();

    // Act
    const states = allStates(renderedDefinition(findings, 25).States);

    // Assess
    expect(states.get('FindingCatalog')?.Result).to.deep.equal(findings);
    expect(states.get('CollectReports')?.MaxConcurrency).to.equal(25);
    expect(states.get('WaitForReport')?.Seconds).to.equal(10);
  });
});

describe('renderTemplate', () => {
  it('substitutes simple placeholders as templatefile does, numbers and booleans as text', () => {
    // Act
    const text = renderTemplate('{"a": "${name}", "n": ${n}, "b": ${ flag }}', {
      name: 'x',
      n: 3,
      flag: true,
    });

    // Assess
    expect(text).to.equal('{"a": "x", "n": 3, "b": true}');
  });

  it("keeps Terraform's escapes $${ and %%{ as literal text", () => {
    // Act
    const text = renderTemplate('$${kept} %%{ kept } ${v}', { v: 1 });

    // Assess
    expect(text).to.equal('${kept} %{ kept } 1');
  });

  it('refuses directives, expressions and placeholders without a value, naming the line', () => {
    // Assess
    expect(() => renderTemplate('a\n%{ if x }', {})).to.throw(
      TemplateRenderError,
      /line 2: %\{ \} directives/,
    );
    expect(() => renderTemplate('${a + 1}', { a: 1 })).to.throw(TemplateRenderError, /not a simple variable/);
    expect(() => renderTemplate('x ${missing}', {})).to.throw(
      TemplateRenderError,
      /\$\{missing\} but no value/,
    );
    expect(() => renderTemplate('x ${toString}', {})).to.throw(
      TemplateRenderError,
      /\$\{toString\} but no value/,
    );
  });
});

describe('renderDefinition', () => {
  const variables = (): Record<string, string | number> => {
    const all: Record<string, string | number> = {};
    for (const name of DEFINITION_VARIABLES)
      all[name] = `arn:aws:lambda:us-east-1:111111111111:function:${name}`;
    return { ...all, max_concurrency: 5, report_wait_seconds: 10, report_max_cycles: 3, findings: '[]' };
  };

  it('refuses unknown and missing variables in one clear error', () => {
    // Prepare
    const rest = variables();
    delete rest.list_accounts_arn;

    // Act
    const render = () => renderDefinition({ ...rest, list_account_arn: 'typo' });

    // Assess
    expect(render).to.throw(
      TemplateRenderError,
      /unknown variable\(s\) list_account_arn; missing variable\(s\) list_accounts_arn/,
    );
  });

  it('says so when a variable breaks the JSON', () => {
    // Act
    const render = () => renderDefinition({ ...variables(), findings: 'not json' });

    // Assess
    expect(render).to.throw(TemplateRenderError, /not JSON/);
  });
});
