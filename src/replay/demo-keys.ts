/**
 * The demo fixture set's access keys (fixtures/demo/set.json, docs/fixtures.md#demo-credentials-fake): public test
 * values the replay accepts, in Cloudforet's `secret_data` form. Constants only, so the server's start-up
 * may import them (the console's demo defaults) without loading the replay.
 */
export const DEMO_ACCOUNT_SECRETS = {
  "111111111111": { aws_access_key_id: "AKIADEMO111111111111", aws_secret_access_key: "demo/Secret/Key/For/Account/111111111111" },
  "222222222222": { aws_access_key_id: "AKIADEMO222222222222", aws_secret_access_key: "demo/Secret/Key/For/Account/222222222222" },
} as const;

/** The demo's main account (111111111111), which reaches 222222222222 by AssumeRole. */
export const DEMO_SECRET = DEMO_ACCOUNT_SECRETS["111111111111"];
