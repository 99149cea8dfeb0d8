import { expect } from 'chai';
import type { AslDefinition } from '../src/render.js';
import { runDefinitionLocally, type LocalObjectStore } from '../src/local-run.js';

/** A bucket in memory: `bucket/key` → text. */
function memoryStore(): LocalObjectStore & { objects: Map<string, string> } {
  const objects = new Map<string, string>();
  return {
    objects,
    getText: (bucket, key) => {
      const text = objects.get(`${bucket}/${key}`);
      return text === undefined ? Promise.reject(new Error(`no ${bucket}/${key}`)) : Promise.resolve(text);
    },
    putText: (bucket, key, text) => {
      objects.set(`${bucket}/${key}`, text);
      return Promise.resolve();
    },
  };
}

/** A Distributed Map over a JSON file: each item passes, but for "bad", which fails its child execution. */
const definition = (tolerated: number): AslDefinition => ({
  StartAt: 'Items',
  States: {
    Items: {
      Type: 'Pass',
      Result: { bucket: 'b', key: 'items.json', prefix: 'out' },
      ResultPath: '$.file',
      Next: 'Each',
    },
    Each: {
      Type: 'Map',
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'JSON' },
        Parameters: { 'Bucket.$': '$.file.bucket', 'Key.$': '$.file.key' },
      },
      ItemSelector: { 'value.$': '$$.Map.Item.Value', 'index.$': '$$.Map.Item.Index' },
      MaxConcurrency: 2,
      ToleratedFailurePercentage: tolerated,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'IsBad',
        States: {
          IsBad: {
            Type: 'Choice',
            Choices: [{ Variable: '$.value', StringEquals: 'bad', Next: 'Bad' }],
            Default: 'Good',
          },
          Bad: { Type: 'Fail', Error: 'BadItem', Cause: 'the item is bad' },
          Good: { Type: 'Pass', Parameters: { 'seen.$': '$.value' }, End: true },
        },
      },
      ResultWriter: {
        Resource: 'arn:aws:states:::s3:putObject',
        Parameters: { 'Bucket.$': '$.file.bucket', 'Prefix.$': '$.file.prefix' },
      },
      ResultSelector: { 'manifest.$': '$.ResultWriterDetails.Key' },
      ResultPath: '$.results',
      End: true,
    },
  },
});

describe('local runner: Distributed Map with ItemReader and ResultWriter', () => {
  it("reads the items from S3 and writes the results in Step Functions' ResultWriter format", async () => {
    // Prepare
    const store = memoryStore();
    store.objects.set('b/items.json', JSON.stringify(['one', 'bad', 'two']));

    // Act
    const run = await runDefinitionLocally({
      definition: definition(100),
      executionName: 'exec-1',
      taskHandlers: {},
      store,
    });

    // Assess: the Map's output is the manifest's location, ResultSelector and ResultPath applied
    const manifestKey = (run.output as { results: { manifest: string } }).results.manifest;
    expect(manifestKey).to.match(/^out\/[0-9a-f-]{36}\/manifest\.json$/);
    const manifest = JSON.parse(store.objects.get(`b/${manifestKey}`) as string) as {
      DestinationBucket: string;
      MapRunArn: string;
      ResultFiles: Record<string, { Key: string; Size: number }[]>;
    };
    const base = manifestKey.replace(/manifest\.json$/, '');
    expect(manifest.DestinationBucket).to.equal('b');
    expect(manifest.MapRunArn).to.match(/^arn:aws:states:[\w-]+:\d{12}:mapRun:exec-1\/Each:/);
    expect(manifest.ResultFiles.PENDING).to.deep.equal([]);
    expect(manifest.ResultFiles.SUCCEEDED?.map((file) => file.Key)).to.deep.equal([
      `${base}SUCCEEDED_0.json`,
    ]);
    expect(manifest.ResultFiles.FAILED?.map((file) => file.Key)).to.deep.equal([`${base}FAILED_0.json`]);
    const succeeded = JSON.parse(store.objects.get(`b/${base}SUCCEEDED_0.json`) as string) as Record<
      string,
      unknown
    >[];
    expect(succeeded.map((entry) => [entry.Status, entry.Input, entry.Output])).to.deep.equal([
      ['SUCCEEDED', '{"value":"one","index":0}', '{"seen":"one"}'],
      ['SUCCEEDED', '{"value":"two","index":2}', '{"seen":"two"}'],
    ]);
    const failed = JSON.parse(store.objects.get(`b/${base}FAILED_0.json`) as string) as Record<
      string,
      unknown
    >[];
    expect(failed).to.have.length(1);
    expect(failed[0]).to.include({
      Status: 'FAILED',
      Input: '{"value":"bad","index":1}',
      Error: 'BadItem',
      Cause: 'the item is bad',
    });
    // The child executions' events carry their item's index, as the library's inline Map's do
    expect(
      run.events.filter((event) => event.state?.name === 'Good').map((event) => event.index),
    ).to.include.members([0, 2]);
  });

  it('fails the Map past its tolerated failures, as States.ExceedToleratedFailureThreshold', async () => {
    // Prepare
    const store = memoryStore();
    store.objects.set('b/items.json', JSON.stringify(['one', 'bad']));

    // Act
    const failure = await runDefinitionLocally({
      definition: definition(0),
      executionName: 'exec-2',
      taskHandlers: {},
      store,
    }).catch((error: unknown) => error);

    // Assess
    expect(failure).to.have.property('name', 'States.ExceedToleratedFailureThreshold');
  });
});
