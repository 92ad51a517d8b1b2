import { describe, expect, it } from "vitest";
import { formatCount, formatElapsed, formatRate } from "./progress.js";
import { InputError, objectText, parseObjectField, secretDataOf } from "./request.js";

describe("console request fields", () => {
  it("reads a JSON object from a text area; blank means the field is left out", () => {
    expect(parseObjectField("options", "Options", ' {"region_filter": ["us-east-1"]} ')).toEqual({ region_filter: ["us-east-1"] });
    expect(parseObjectField("task-options", "Task options", "  \n")).toBeUndefined();
  });

  it.each([
    ["{nope", /^Options is not valid JSON \(/],
    ["[1, 2]", /^Options must be a JSON object/],
    ["null", /^Options must be a JSON object/],
    ['"text"', /^Options must be a JSON object/],
  ])("refuses %j naming the field", (text, message) => {
    let error: unknown;
    try {
      parseObjectField("options", "Options", text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).field).toBe("options");
    expect((error as InputError).message).toMatch(message);
  });

  it("builds secret_data from the filled fields only, trimmed", () => {
    expect(
      secretDataOf([
        { key: "aws_access_key_id", value: " AKIAEXAMPLE " },
        { key: "aws_secret_access_key", value: "s3cret" },
        { key: "role_arn", value: "  " },
      ]),
    ).toEqual({ aws_access_key_id: "AKIAEXAMPLE", aws_secret_access_key: "s3cret" });
  });

  it("writes objects back as pretty JSON, nothing as blank", () => {
    expect(objectText({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(objectText(undefined)).toBe("");
  });

  it("formats progress: elapsed, count and rate", () => {
    expect(formatElapsed(250)).toBe("250 ms");
    expect(formatElapsed(12_340)).toBe("12.3 s");
    expect(formatElapsed(125_000)).toBe("2 min 05 s");
    expect(formatCount(1)).toBe("1 record");
    expect(formatCount(19_134)).toBe("19,134 records");
    expect(formatRate(0, 1000)).toBe("– records/s");
    expect(formatRate(70, 1900)).toBe("36.8 records/s");
    expect(formatRate(19_134, 7000)).toBe("2733 records/s");
  });
});
