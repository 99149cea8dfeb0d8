// Takes one planned action in IAM (and Secrets Manager for a rotation), after re-checking that it is
// still needed: a run repeated after a crash, or a retried call, finds the work done and says so.
import {
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  ListAccessKeysCommand,
  ListSigningCertificatesCommand,
  UpdateAccessKeyCommand,
  UpdateSigningCertificateCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import type { Action } from '../remediation/decision.js';
import { ForeignRotationSecretError, type RotatedKeyStore } from './rotated-key.js';
import { unlessNoSuchEntity } from './live-user-state.js';

export interface ActionClients {
  readonly iam: IAMClient;
  /** Needed by create_key_and_store only: ak-rotation's store of rotated keys. */
  readonly rotatedKeys?: RotatedKeyStore;
}

export interface ActionSubject {
  readonly user_name: string;
  readonly user_arn: string;
}

export interface ActionSettings {
  /** The KMS key that encrypts a rotated key's secret; an alias name resolves in each member account. */
  readonly secretKmsKeyId?: string;
}

/** What became of an action: taken now, or found already taken (the re-check). */
export interface ActionResult {
  readonly status: 'done' | 'already_done';
  /** In words, for the action log; never secret material. */
  readonly detail: string;
  /** For create_key_and_store: where the new key is, for the owner's email. */
  readonly stored?: { readonly access_key_id: string; readonly secret_name: string };
}

/** The action needs a setting or a client the function was not given: a deployment error. */
export class ActionNotPossibleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActionNotPossibleError';
  }
}

const done = (detail: string): ActionResult => ({ status: 'done', detail });
const alreadyDone = (detail: string): ActionResult => ({ status: 'already_done', detail });

async function keyStatus(iam: IAMClient, userName: string, keyId: string): Promise<string | null> {
  const listed = await unlessNoSuchEntity(iam.send(new ListAccessKeysCommand({ UserName: userName })));
  return listed?.AccessKeyMetadata?.find((key) => key.AccessKeyId === keyId)?.Status ?? null;
}

async function certificateStatus(iam: IAMClient, userName: string, id: string): Promise<string | null> {
  const listed = await unlessNoSuchEntity(
    iam.send(new ListSigningCertificatesCommand({ UserName: userName })),
  );
  return listed?.Certificates?.find((certificate) => certificate.CertificateId === id)?.Status ?? null;
}

async function createKeyAndStore(
  clients: ActionClients,
  subject: ActionSubject,
  action: Extract<Action, { kind: 'create_key_and_store' }>,
  settings: ActionSettings,
): Promise<ActionResult> {
  const { rotatedKeys } = clients;
  if (!rotatedKeys || !settings.secretKmsKeyId) {
    throw new ActionNotPossibleError(
      'create_key_and_store needs the store of rotated keys (Secrets Manager) and the secrets KMS key (SECRET_KMS_KEY_ID)',
    );
  }
  const user = { userName: subject.user_name, userArn: subject.user_arn };
  const secret = await rotatedKeys.state(user, settings.secretKmsKeyId);
  if (secret.not_tracker_secret) {
    throw new ForeignRotationSecretError(action.secret_name, secret.not_tracker_secret);
  }
  // Stored already (a retried call whose answer was lost, a repeated run): the secret's tag names a
  // key of the user that is not the one being rotated.
  const stored = secret.stored_access_key_id;
  if (stored && stored !== action.previous_access_key_id) {
    const status = await keyStatus(clients.iam, subject.user_name, stored);
    if (status === 'Active') {
      return {
        ...alreadyDone(`access key ${stored} is already stored in ${action.secret_name}`),
        stored: { access_key_id: stored, secret_name: action.secret_name },
      };
    }
  }
  const created = await rotatedKeys.createAndStore(clients.iam, {
    userName: subject.user_name,
    userArn: subject.user_arn,
    previousAccessKeyId: action.previous_access_key_id,
    kmsKeyId: settings.secretKmsKeyId,
    adminPrincipals: action.secret_readers.filter((reader) => reader !== subject.user_arn),
  });
  return {
    ...done(`new access key ${created.accessKeyId} created and stored in ${created.secretName}`),
    stored: { access_key_id: created.accessKeyId, secret_name: created.secretName },
  };
}

/**
 * Takes one action idempotently. A credential already in the state the action leads to (inactive,
 * deleted) is `already_done`, not an error; any other failure is thrown for the caller to log.
 */
export async function executeAction(
  clients: ActionClients,
  subject: ActionSubject,
  action: Action,
  settings: ActionSettings = {},
): Promise<ActionResult> {
  const { iam } = clients;
  const UserName = subject.user_name;
  switch (action.kind) {
    case 'create_key_and_store':
      return createKeyAndStore(clients, subject, action, settings);
    case 'clear_rotation_mark': {
      if (!clients.rotatedKeys) {
        throw new ActionNotPossibleError(
          'clear_rotation_mark needs the store of rotated keys (Secrets Manager)',
        );
      }
      const cleared = await clients.rotatedKeys.clearMark(
        { userName: subject.user_name, userArn: subject.user_arn },
        action.previous_access_key_id,
        settings.secretKmsKeyId,
      );
      return cleared
        ? done(`the mark of the interrupted rotation of ${action.previous_access_key_id} was removed`)
        : alreadyDone(`no mark of a rotation of ${action.previous_access_key_id} is left`);
    }
    case 'deactivate_key': {
      const AccessKeyId = action.access_key_id;
      const status = await keyStatus(iam, UserName, AccessKeyId);
      if (status === null) return alreadyDone(`access key ${AccessKeyId} no longer exists`);
      if (status === 'Inactive') return alreadyDone(`access key ${AccessKeyId} is already inactive`);
      await iam.send(new UpdateAccessKeyCommand({ UserName, AccessKeyId, Status: 'Inactive' }));
      return done(`access key ${AccessKeyId} deactivated`);
    }
    case 'delete_key': {
      const AccessKeyId = action.access_key_id;
      if ((await keyStatus(iam, UserName, AccessKeyId)) === null) {
        return alreadyDone(`access key ${AccessKeyId} is already deleted`);
      }
      // A lost answer retried: the first call deleted it, the retry finds nothing to delete.
      const deleted = await unlessNoSuchEntity(
        iam.send(new DeleteAccessKeyCommand({ UserName, AccessKeyId })),
      );
      return deleted === null
        ? alreadyDone(`access key ${AccessKeyId} is already deleted`)
        : done(`access key ${AccessKeyId} deleted`);
    }
    case 'delete_login_profile': {
      const deleted = await unlessNoSuchEntity(iam.send(new DeleteLoginProfileCommand({ UserName })));
      return deleted === null
        ? alreadyDone('the console password is already removed')
        : done('console password (login profile) removed');
    }
    case 'deactivate_certificate': {
      const CertificateId = action.certificate_id;
      const status = await certificateStatus(iam, UserName, CertificateId);
      if (status === null) return alreadyDone(`signing certificate ${CertificateId} no longer exists`);
      if (status === 'Inactive') {
        return alreadyDone(`signing certificate ${CertificateId} is already inactive`);
      }
      await iam.send(new UpdateSigningCertificateCommand({ UserName, CertificateId, Status: 'Inactive' }));
      return done(`signing certificate ${CertificateId} deactivated`);
    }
  }
}
