/**
 * Loads fixture sets lazily and caches them: `set.json` when a set is first
 * used, each `<account>/<region>/` directory when a call first needs it. Only
 * directories under the configured fixture root are read; set, account and
 * region names are checked against strict patterns before touching the disk.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import type { FaultConfig } from "./faults.js";
import { FixtureError, RESOURCE_FILES, validateResourceFile, type Item, type ResourceKind } from "./fixture-format.js";
import { ACCOUNT_ID, checkSetDefinition, REGION, SET_NAME } from "./fixture-schemas.js";

export interface UserFixture {
  userName: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface RoleFixture {
  roleName: string;
  /** Accounts whose principals may assume the role. */
  trustedAccounts: string[];
  /** Required `ExternalId`, when the trust policy has one. */
  externalId?: string;
  /** Longest session the role allows (default 3600). */
  maxSessionDurationSeconds?: number;
}

export interface AccountFixture {
  accountId: string;
  alias?: string;
  users: UserFixture[];
  roles: RoleFixture[];
  /** Regions the account can call. */
  enabledRegions: string[];
  /** Opt-in regions the account has not enabled: calls fail, DescribeRegions hides them unless AllRegions. */
  disabledRegions: string[];
}

export interface SetDefinition {
  formatVersion: number;
  name: string;
  description?: string;
  accounts: AccountFixture[];
  /** Faults active by default for the set. */
  faults?: FaultConfig;
  /** Fault configurations selected per request by `/~<profile>/` in the endpoint path. */
  faultProfiles?: Record<string, FaultConfig>;
}

/** Shows fixture paths relative to the working directory, as people type them. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith("..") ? path : rel.split(sep).join("/");
}

function readJson(path: string): unknown {
  const text = readFileSync(path, "utf8");
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new FixtureError(displayPath(path), "$", `invalid JSON (${(err as Error).message})`);
  }
}

/** Validates set.json (schema: fixture-schemas.ts), then what a schema cannot say: access keys are unique in the set. */
function parseSetDefinition(value: unknown, file: string): SetDefinition {
  const found = checkSetDefinition(value);
  if (found) throw new FixtureError(file, found.path, found.problem);
  const definition = value as SetDefinition;
  const keys = new Set<string>();
  definition.accounts.forEach((account, i) =>
    account.users.forEach((user, j) => {
      if (keys.has(user.accessKeyId)) throw new FixtureError(file, `$.accounts[${i}].users[${j}].accessKeyId`, "duplicate access key id");
      keys.add(user.accessKeyId);
    }),
  );
  return definition;
}

/** The resources of one account in one region. */
export class RegionFixtures {
  private readonly lists = new Map<ResourceKind, Item[] | Record<string, Item[]>>();
  private readonly derived = new Map<string, unknown>();

  constructor(readonly dir: string) {
    if (!existsSync(dir)) return;
    const byFile = new Map(Object.entries(RESOURCE_FILES).map(([kind, spec]) => [spec.file, kind as ResourceKind]));
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const kind = byFile.get(name);
      if (!kind) throw new FixtureError(displayPath(path), "$", `unknown fixture file (expected one of ${[...byFile.keys()].join(", ")})`);
      this.lists.set(kind, validateResourceFile(RESOURCE_FILES[kind], readJson(path), displayPath(path)));
    }
  }

  /** The items of a list file (empty when the file is absent). */
  list(kind: ResourceKind): Item[] {
    const value = this.lists.get(kind);
    return Array.isArray(value) ? value : [];
  }

  /** The id → items map of a map file (empty when absent). */
  map(kind: ResourceKind): Record<string, Item[]> {
    const value = this.lists.get(kind);
    return value && !Array.isArray(value) ? value : {};
  }

  has(kind: ResourceKind): boolean {
    return this.lists.has(kind);
  }

  /** A value computed once from this region's fixtures (indexes, derived listings). */
  memo<T>(key: string, build: () => T): T {
    if (!this.derived.has(key)) this.derived.set(key, build());
    return this.derived.get(key) as T;
  }
}

export class FixtureSet {
  readonly definition: SetDefinition;
  private readonly regions = new Map<string, RegionFixtures>();
  private readonly keys = new Map<string, { account: AccountFixture; user: UserFixture }>();

  constructor(readonly dir: string) {
    const file = join(dir, "set.json");
    this.definition = parseSetDefinition(readJson(file), displayPath(file));
    for (const account of this.definition.accounts) for (const user of account.users) this.keys.set(user.accessKeyId, { account, user });
  }

  get name(): string {
    return this.definition.name;
  }

  account(accountId: string): AccountFixture | undefined {
    return this.definition.accounts.find((a) => a.accountId === accountId);
  }

  /** The long-term access key's owner. */
  userByAccessKey(accessKeyId: string): { account: AccountFixture; user: UserFixture } | undefined {
    return this.keys.get(accessKeyId);
  }

  region(accountId: string, region: string): RegionFixtures {
    if (!ACCOUNT_ID.test(accountId) || !REGION.test(region)) throw new Error(`bad account or region name: ${accountId}/${region}`);
    const key = `${accountId}/${region}`;
    let fixtures = this.regions.get(key);
    if (!fixtures) {
      fixtures = new RegionFixtures(join(this.dir, accountId, region));
      this.regions.set(key, fixtures);
    }
    return fixtures;
  }

  /** Loads and validates every account × region directory now (instead of on first use). */
  loadAll(): void {
    for (const name of readdirSync(this.dir).sort()) {
      if (name !== "set.json" && !this.account(name)) throw new FixtureError(displayPath(join(this.dir, name)), "$", "not an account of set.json");
    }
    for (const account of this.definition.accounts) {
      const accountDir = join(this.dir, account.accountId);
      if (!existsSync(accountDir)) continue;
      for (const region of readdirSync(accountDir).sort()) {
        const path = join(accountDir, region);
        if (!statSync(path).isDirectory() || !REGION.test(region)) throw new FixtureError(displayPath(path), "$", "expected a region directory");
        this.region(account.accountId, region);
      }
    }
  }
}

/** Fixture sets under one root: `<root>/<set>`, else `<root>/generated/<set>`, else `<root>/recorded/<set>`. */
export class FixtureStore {
  private readonly sets = new Map<string, FixtureSet>();
  readonly root: string;

  constructor(fixturesDir: string) {
    this.root = resolve(fixturesDir);
  }

  /** The set's directory, or undefined when the name is invalid or no such set exists. */
  locate(name: string): string | undefined {
    if (!SET_NAME.test(name)) return undefined;
    for (const dir of [join(this.root, name), join(this.root, "generated", name), join(this.root, "recorded", name)]) {
      if (existsSync(join(dir, "set.json"))) return dir;
    }
    return undefined;
  }

  /** The named set (loaded on first use), or undefined when there is none. Throws FixtureError on a bad set.json. */
  get(name: string): FixtureSet | undefined {
    const cached = this.sets.get(name);
    if (cached) return cached;
    const dir = this.locate(name);
    if (!dir) return undefined;
    const set = new FixtureSet(dir);
    this.sets.set(name, set);
    return set;
  }
}
