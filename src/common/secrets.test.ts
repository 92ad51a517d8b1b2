import { describe, expect, it } from "vitest";
import { holdSecrets, isSecretKey, MASK, maskProperty, maskText, maskValue, secretValuesOf } from "./secrets.js";

describe("secret key names", () => {
  it.each([
    "aws_secret_access_key",
    "aws_access_key_id",
    "aws_session_token",
    "sessionToken",
    "SecretAccessKey",
    "password",
    "Authorization",
    "private_key",
    "privateKey",
    "private-key",
    "credentials",
    "access-key",
  ])("%s is secret", (key) => expect(isSecretKey(key)).toBe(true));

  it.each(["region_name", "account_id", "role_arn", "external_id", "name", "key", "tags"])("%s is not", (key) => expect(isSecretKey(key)).toBe(false));
});

describe("maskText", () => {
  it("masks AWS access key ids by their shape, keeping the 4-letter prefix", () => {
    expect(maskText("keys AKIAABCDEFGHIJKLMNOP and ASIAABCDEFGHIJKLMNOP, role AROAABCDEFGHIJKLMNOP.")).toBe("keys AKIA*** and ASIA***, role AROA***.");
    expect(maskText("id=AKIAABCDEFGHIJKLMNOPQRST;")).toBe("id=AKIA***;");
  });

  it("leaves what only resembles a key id: too short, lower case, or inside a longer word", () => {
    for (const text of ["AKIAABCDEFGHIJK", "akiaabcdefghijklmnop", "XAKIAABCDEFGHIJKLMNOP", "AKIA", "i-0123456789abcdef0"]) expect(maskText(text)).toBe(text);
  });

  it("masks every occurrence of each known secret", () => {
    const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    expect(maskText(`a ${secret} b ${secret}`, [secret, "token-1234"])).toBe(`a ${MASK} b ${MASK}`);
    expect(maskText("x token-1234 y", new Set(["token-1234"]))).toBe(`x ${MASK} y`);
  });

  it("ignores known secrets shorter than 4 characters, which would mask ordinary text", () => {
    expect(maskText("a cat sat", ["", "a", "at", "cat"])).toBe("a cat sat");
    expect(maskText("the cats", ["cats"])).toBe(`the ${MASK}`);
  });
});

describe("maskValue", () => {
  it("masks secret-named keys at any depth, in objects and arrays, and key ids in every string", () => {
    const input = {
      region: "us-east-1",
      secret_data: {
        aws_access_key_id: "AKIAABCDEFGHIJKLMNOP",
        aws_secret_access_key: "s3cr3t",
        nested: [{ sessionToken: "tok", note: "from AKIAABCDEFGHIJKLMNOP" }],
      },
      list: ["ASIAABCDEFGHIJKLMNOP", 7, null, true],
    };
    expect(maskValue(input)).toEqual({
      region: "us-east-1",
      secret_data: MASK,
      list: ["ASIA***", 7, null, true],
    });
    expect(maskValue(input.secret_data)).toEqual({
      aws_access_key_id: MASK,
      aws_secret_access_key: MASK,
      nested: [{ sessionToken: MASK, note: "from AKIA***" }],
    });
  });

  it("keeps empty secret-named values visible: their absence is what a reader needs to see", () => {
    expect(maskValue({ token: "", password: null, secret: undefined, session_token: 0 })).toEqual({
      token: "",
      password: null,
      secret: undefined,
      session_token: MASK,
    });
  });

  it("turns an error into its masked message", () => {
    expect(maskValue({ error: new Error("denied for AKIAABCDEFGHIJKLMNOP") })).toEqual({ error: "denied for AKIA***" });
  });

  it("stops at depth 12", () => {
    let deep: unknown = "AKIAABCDEFGHIJKLMNOP";
    for (let i = 0; i < 20; i++) deep = { next: deep };
    let out = maskValue(deep);
    let depth = 0;
    while (typeof out === "object" && out !== null) {
      out = (out as { next: unknown }).next;
      depth++;
    }
    expect([depth, out]).toEqual([13, "[depth]"]);
  });

  it("never changes its input", () => {
    const input = { secret_data: { aws_secret_access_key: "s3cr3t" }, items: [{ password: "p", text: "AKIAABCDEFGHIJKLMNOP" }] };
    const before = structuredClone(input);
    const out = maskValue(input);
    expect(input).toEqual(before);
    expect(out).not.toBe(input);
  });
});

describe("maskProperty", () => {
  it("masks a secret-named property's value whole, and any other value deeply", () => {
    expect(maskProperty("aws_secret_access_key", { any: "thing" })).toBe(MASK);
    expect(maskProperty("request", { secretData: { k: "v" }, key: "AKIAABCDEFGHIJKLMNOP" })).toEqual({ secretData: MASK, key: "AKIA***" });
  });
});

describe("held secrets", () => {
  const token = "IQoJb3JpZ2luX2VjEHeld+Token/Value==";

  it("are masked in every text while a call holds them, and no longer once every holder released them", () => {
    const first = holdSecrets([token, "ext-id-42"]);
    const second = holdSecrets([token]);
    expect(maskText(`token ${token}, external id ext-id-42`)).toBe(`token ${MASK}, external id ${MASK}`);
    first();
    expect(maskText(`token ${token}, external id ext-id-42`)).toBe(`token ${MASK}, external id ext-id-42`);
    second();
    second();
    expect(maskText(`token ${token}`)).toBe(`token ${token}`);
  });

  it("mask a value inside a longer one whole, and treat regular-expression characters literally", () => {
    const release = holdSecrets(["abc.def", "abc.def.ghi", "a+bc"]);
    expect(maskText("abc.def.ghi abc.def abcXdef a+bc aabc")).toBe(`${MASK} ${MASK} abcXdef ${MASK} aabc`);
    release();
  });

  it("are the values of secret-named keys and the external id, not the other fields", () => {
    const secretData = {
      aws_access_key_id: "AKIAABCDEFGHIJKLMNOP",
      aws_secret_access_key: "s3cr3t-key",
      aws_session_token: token,
      external_id: "ext-id-42",
      role_arn: "arn:aws:iam::1:role/r",
      region_name: "us-east-1",
      n: 5,
    };
    expect(secretValuesOf(secretData).sort()).toEqual(["AKIAABCDEFGHIJKLMNOP", "ext-id-42", "s3cr3t-key", token].sort());
  });
});
