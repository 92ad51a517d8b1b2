/** What other calls say about the instances: SSM's inventory, the types in use, termination protection. */
import type { Item } from "../../replay/fixture-format.js";
import { BASE_TIME, iso, TYPES, type InstanceSummary, type RegionScope } from "./region-scope.js";

/** About 60 % of the running instances report to SSM, a few of them with a lost connection. */
export function generateInstanceInformation({ rnd }: RegionScope, instances: readonly InstanceSummary[]): Item[] {
  return instances
    .filter((s) => s.state === "running" && rnd.chance(0.6))
    .map((s) => ({
      InstanceId: s.id,
      PingStatus: rnd.chance(0.95) ? "Online" : "ConnectionLost",
      LastPingDateTime: iso(BASE_TIME - rnd.int(0, 3600) * 1000),
      AgentVersion: "3.3.1142.0",
      IsLatestVersion: false,
      PlatformType: s.platform ? "Windows" : "Linux",
      PlatformName: s.platform ? "Microsoft Windows Server 2025 Datacenter" : "Amazon Linux",
      PlatformVersion: s.platform ? "10.0.26100" : "2023",
      ResourceType: "EC2Instance",
      IPAddress: s.ip,
      ComputerName: `ip-${s.ip.replace(/\./g, "-")}`,
      SourceId: s.id,
      SourceType: "AWS::EC2::Instance",
    }));
}

/** The instance types the region's instances use, in catalogue order. */
export function instanceTypesUsed(instances: readonly InstanceSummary[]): Item[] {
  const usedTypes = new Set(instances.map((s) => s.type));
  return TYPES.filter(([name]) => usedTypes.has(name)).map(([name, vcpus, memory, network]) => ({
    InstanceType: name,
    CurrentGeneration: true,
    FreeTierEligible: name === "t3.micro",
    SupportedUsageClasses: ["on-demand", "spot"],
    SupportedRootDeviceTypes: ["ebs"],
    SupportedVirtualizationTypes: ["hvm"],
    BareMetal: false,
    Hypervisor: "nitro",
    ProcessorInfo: { SupportedArchitectures: [name.startsWith("c6g") ? "arm64" : "x86_64"], SustainedClockSpeedInGhz: 3.1 },
    VCpuInfo: { DefaultVCpus: vcpus, DefaultCores: Math.max(1, vcpus / 2), DefaultThreadsPerCore: 2 },
    MemoryInfo: { SizeInMiB: memory },
    InstanceStorageSupported: false,
    EbsInfo: { EbsOptimizedSupport: "default", EncryptionSupport: "supported", NvmeSupport: "required" },
    NetworkInfo: {
      NetworkPerformance: network,
      MaximumNetworkInterfaces: 4,
      Ipv4AddressesPerInterface: 15,
      Ipv6AddressesPerInterface: 15,
      Ipv6Supported: true,
      EnaSupport: "required",
    },
  }));
}

/** About one instance in ten has termination protection on (absent: AWS's default, off). */
export function generateInstanceAttributes({ rnd }: RegionScope, instances: readonly InstanceSummary[]): Item[] {
  return instances.filter(() => rnd.chance(0.1)).map((s) => ({ InstanceId: s.id, DisableApiTermination: { Value: true } }));
}
