/**
 * Temporary credentials issued by the replay's STS AssumeRole, kept in
 * memory: each maps to the role's account in the set that issued it.
 */
import { randomBytes } from "node:crypto";

export interface Session {
  setName: string;
  accountId: string;
  roleName: string;
  roleId: string;
  sessionName: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiresAt: number;
}

const KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function randomKeyId(prefix: string): string {
  const bytes = randomBytes(16);
  let id = prefix;
  for (const b of bytes) id += KEY_ALPHABET[b % KEY_ALPHABET.length];
  return id;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  /** Issues temporary keys; sessions expired before `now` are forgotten, so the store stays small. */
  issue(fields: Omit<Session, "accessKeyId" | "secretAccessKey" | "sessionToken">, now: number): Session {
    for (const [key, old] of this.sessions) if (old.expiresAt <= now) this.sessions.delete(key);
    const session: Session = {
      ...fields,
      accessKeyId: randomKeyId("ASIA"),
      secretAccessKey: randomBytes(30).toString("base64"),
      sessionToken: `IQoJreplay${randomBytes(96).toString("base64")}`,
    };
    this.sessions.set(session.accessKeyId, session);
    return session;
  }

  get(accessKeyId: string): Session | undefined {
    return this.sessions.get(accessKeyId);
  }
}

/** A stable role id (`AROA…`) derived from the role's ARN, as AWS keeps one per role. */
export function roleIdFor(roleArn: string): string {
  let hash = 0x811c9dc5;
  let id = "AROA";
  for (let round = 0; id.length < 21; round++) {
    for (const ch of `${roleArn}#${round}`) hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    id += KEY_ALPHABET[hash % KEY_ALPHABET.length];
  }
  return id;
}
