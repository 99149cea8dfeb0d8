// moto stamps every access key, certificate and login profile with the real clock. The lifecycles
// need credentials that are 100 days old: this middleware ages chosen ones in IAM's answers, so a
// test creates them now and moves as-of forward from there, as the days of a real deployment do.
import type { IAMClient } from '@aws-sdk/client-iam';
import { DAY_MS } from '@credential-tracker/core';

type Dated = Record<string, unknown>;

/** What GetAccessKeyLastUsed answers for a key a test says was used. */
export interface KeyLastUse {
  readonly at: Date;
  readonly service: string;
  readonly region: string;
}

export class IamBackdating {
  readonly #days = new Map<string, number>();
  // moto records no use of a key the tests never sign with: a test says when (and where) it was used.
  readonly #lastUses = new Map<string, KeyLastUse>();

  /** Makes the access key, certificate (by id) or login profile (`login:<user>`) `days` older. */
  age(id: string, days: number): this {
    this.#days.set(id, days);
    return this;
  }

  /** Makes GetAccessKeyLastUsed answer that the key was last used at `use.at`, via that service and region. */
  lastUsed(accessKeyId: string, use: KeyLastUse): this {
    this.#lastUses.set(accessKeyId, use);
    return this;
  }

  #shift(id: string | undefined, date: unknown): unknown {
    const days = id === undefined ? undefined : this.#days.get(id);
    if (!(date instanceof Date) || days === undefined) return date;
    return new Date(date.getTime() - days * DAY_MS);
  }

  #rewrite(command: string, input: Dated, output: Dated): void {
    const list = (name: string) => (Array.isArray(output[name]) ? (output[name] as Dated[]) : []);
    if (command === 'ListAccessKeysCommand') {
      for (const key of list('AccessKeyMetadata'))
        key.CreateDate = this.#shift(key.AccessKeyId as string, key.CreateDate);
    } else if (command === 'ListSigningCertificatesCommand') {
      for (const cert of list('Certificates'))
        cert.UploadDate = this.#shift(cert.CertificateId as string, cert.UploadDate);
    } else if (command === 'GetAccessKeyLastUsedCommand') {
      const use = this.#lastUses.get(String(input.AccessKeyId));
      if (use) {
        output.AccessKeyLastUsed = {
          ...(output.AccessKeyLastUsed as Dated | undefined),
          LastUsedDate: use.at,
          ServiceName: use.service,
          Region: use.region,
        };
      }
    } else if (command === 'GetLoginProfileCommand') {
      const profile = output.LoginProfile as Dated | undefined;
      if (profile) profile.CreateDate = this.#shift(`login:${String(input.UserName)}`, profile.CreateDate);
    }
  }

  /** Adds the rewriting to a client (idempotent per client is the caller's business). */
  apply<Client extends IAMClient>(client: Client): Client {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        this.#rewrite(context.commandName ?? '', args.input as Dated, result.output as unknown as Dated);
        return result;
      },
      { step: 'initialize', name: 'ctIamBackdating' },
    );
    return client;
  }
}
