/** `inventory.Region` records (docs/records.md#region), with the corrected region table. */
import type { CollectedRecord } from "./record.js";
import { PROVIDER } from "./record.js";

export const REGION_MATCH_RULES = { "1": ["provider", "region_code"] };

interface RegionInfo {
  name: string;
  latitude?: string;
  longitude?: string;
  continent?: string;
}

const r = (name: string, latitude: string, longitude: string, continent: string): RegionInfo => ({ name, latitude, longitude, continent });

/** Names, coordinates and continents; corrections against upstream are listed in docs/parity.md. */
export const REGION_INFO: Readonly<Record<string, RegionInfo>> = {
  "us-east-1": r("US East (N. Virginia)", "39.028760", "-77.458263", "north_america"),
  "us-east-2": r("US East (Ohio)", "40.103564", "-83.200092", "north_america"),
  "us-west-1": r("US West (N. California)", "37.242183", "-121.783380", "north_america"),
  "us-west-2": r("US West (Oregon)", "45.841046", "-119.658093", "north_america"),
  "af-south-1": r("Africa (Cape Town)", "-33.932268", "18.424434", "africa"),
  "ap-east-1": r("Asia Pacific (Hong Kong)", "22.365560", "114.119420", "asia_pacific"),
  "ap-east-2": r("Asia Pacific (Taipei)", "25.0330", "121.5654", "asia_pacific"),
  "ap-south-1": r("Asia Pacific (Mumbai)", "19.147428", "73.013805", "asia_pacific"),
  "ap-south-2": r("Asia Pacific (Hyderabad)", "17.3850", "78.4867", "asia_pacific"),
  "ap-northeast-1": r("Asia Pacific (Tokyo)", "35.648411", "139.792566", "asia_pacific"),
  "ap-northeast-2": r("Asia Pacific (Seoul)", "37.528547", "126.871867", "asia_pacific"),
  "ap-northeast-3": r("Asia Pacific (Osaka)", "34.675638", "135.495706", "asia_pacific"),
  "ap-southeast-1": r("Asia Pacific (Singapore)", "1.321259", "103.695942", "asia_pacific"),
  "ap-southeast-2": r("Asia Pacific (Sydney)", "-33.921423", "151.188076", "asia_pacific"),
  "ap-southeast-3": r("Asia Pacific (Jakarta)", "-6.2088", "106.8272", "asia_pacific"),
  "ap-southeast-4": r("Asia Pacific (Melbourne)", "-37.8136", "144.9631", "asia_pacific"),
  "ap-southeast-5": r("Asia Pacific (Malaysia)", "3.1390", "101.6869", "asia_pacific"),
  "ap-southeast-6": r("Asia Pacific (New Zealand)", "-36.8485", "174.7633", "asia_pacific"),
  "ap-southeast-7": r("Asia Pacific (Thailand)", "13.7563", "100.5018", "asia_pacific"),
  "ca-central-1": r("Canada (Central)", "43.650803", "-79.361824", "north_america"),
  "ca-west-1": r("Canada West (Calgary)", "51.0447", "-114.0719", "north_america"),
  "cn-north-1": r("China (Beijing)", "39.919635", "116.307237", "asia_pacific"),
  "cn-northwest-1": r("China (Ningxia)", "37.354511", "106.106147", "asia_pacific"),
  "eu-central-1": r("Europe (Frankfurt)", "50.098645", "8.632262", "europe"),
  "eu-central-2": r("Europe (Zurich)", "47.3769", "8.5417", "europe"),
  "eu-west-1": r("Europe (Ireland)", "53.330893", "-6.362217", "europe"),
  "eu-west-2": r("Europe (London)", "51.519749", "-0.087804", "europe"),
  "eu-west-3": r("Europe (Paris)", "48.905302", "2.369778", "europe"),
  "eu-south-1": r("Europe (Milan)", "45.448648", "9.147316", "europe"),
  "eu-south-2": r("Europe (Spain)", "40.4168", "-3.7038", "europe"),
  "eu-north-1": r("Europe (Stockholm)", "59.263542", "18.104861", "europe"),
  "il-central-1": r("Israel (Tel Aviv)", "32.0853", "34.7818", "middle_east"),
  "me-south-1": r("Middle East (Bahrain)", "26.240945", "50.586321", "middle_east"),
  "me-central-1": r("Middle East (UAE)", "25.2769", "55.2708", "middle_east"),
  "mx-central-1": r("Mexico (Central)", "20.5888", "-100.3899", "north_america"),
  "sa-east-1": r("South America (São Paulo)", "-23.493549", "-46.809319", "south_america"),
  "us-gov-east-1": { name: "AWS GovCloud (US-East)", continent: "north_america" },
  "us-gov-west-1": { name: "AWS GovCloud (US-West)", continent: "north_america" },
  global: { name: "Global" },
};

/** One Region record; an unknown code is named by itself with no tags (upstream aborted the stream). */
export function regionRecord(code: string): CollectedRecord {
  const info = REGION_INFO[code];
  const tags: Record<string, string> = {};
  if (info?.latitude !== undefined) tags.latitude = info.latitude;
  if (info?.longitude !== undefined) tags.longitude = info.longitude;
  if (info?.continent !== undefined) tags.continent = info.continent;
  return {
    state: "SUCCESS",
    resourceType: "inventory.Region",
    message: "",
    matchRules: REGION_MATCH_RULES,
    resource: { name: info?.name ?? code, region_code: code, provider: PROVIDER, tags },
  };
}

export function isKnownRegion(code: string): boolean {
  return code in REGION_INFO;
}
