/**
 * Instance edge cases of the demo fixture set, collected through the running
 * server by a gRPC client: stopped and pending, Windows, spot, multi-ENI with
 * IPv6, Auto Scaling group behind an ALB (instance and ip targets), a
 * deregistered image and unicode tags.
 */
import type { ResourceInfo } from "../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JsonObject } from "../../src/common/json.js";
import { collectAll, instanceDataOf, regionTask, startCollecting, type Collecting } from "./harness.js";

let c: Collecting;
const byId = new Map<string, ResourceInfo>();

beforeAll(async () => {
  c = await startCollecting();
  for (const info of await collectAll(c, { taskOptions: regionTask("us-east-1") })) {
    if (info.resource?.cloud_service_type === "Instance") byId.set((info.resource.reference as { resource_id: string }).resource_id, info);
  }
});
afterAll(async () => {
  await c.stop();
});

const instance = (id: string) => {
  const info = byId.get(id);
  if (!info) throw new Error(`instance ${id} was not collected`);
  return { info, resource: info.resource as JsonObject, data: instanceDataOf(info) };
};

describe("Instance edge cases (demo, us-east-1)", () => {
  it("collects every instance that is not terminated, each as SUCCESS", () => {
    expect([...byId.keys()].sort()).toEqual([
      "i-00000000000000001",
      "i-00000000000000002",
      "i-00000000000000003",
      "i-00000000000000004",
      "i-00000000000000005",
      "i-00000000000000006",
    ]);
    for (const info of byId.values()) expect(info.resourceType).toBe("inventory.CloudService");
  });

  it("stopped instance with a deregistered image: state, no image name, distro from the OS type", () => {
    const { data } = instance("i-00000000000000005");
    expect(data.compute.instance_state).toBe("STOPPED");
    expect(data.compute.image).toBe("");
    expect(data.os).toMatchObject({ os_distro: "linux", os_arch: "", os_type: "LINUX", details: "Linux/UNIX" });
    expect(data.aws.ami_id).toBe("ami-00000000000000005");
  });

  it("pending instance without EBS volumes: empty disks, null root volume type", () => {
    const { data } = instance("i-00000000000000006");
    expect(data.compute.instance_state).toBe("PENDING");
    expect(data.disks).toEqual([]);
    expect(data.aws.root_volume_type).toBeNull();
  });

  it("Windows: os type from Platform, details from SSM", () => {
    const { data } = instance("i-00000000000000003");
    expect(data.os).toEqual({ os_distro: "windows", os_arch: "x86_64", os_type: "WINDOWS", details: "Microsoft Windows Server 2022 Datacenter 10.0.20348" });
    expect(data.compute.image).toBe("Windows_Server-2022-English-Full-Base-2024.10.09");
  });

  it("spot and on-demand lifecycles (on-demand fixed from upstream's 'scheduled')", () => {
    expect(instance("i-00000000000000004").data.aws.lifecycle).toBe("spot");
    expect(instance("i-00000000000000002").data.aws.lifecycle).toBe("on-demand");
  });

  it("multiple ENIs with IPv6: one NIC each with its own device index, private IPv4 only in ip_addresses", () => {
    const { resource, data } = instance("i-00000000000000001");
    expect(data.nics.map((n) => [n.tags.eni_id, n.device_index, n.ip_addresses, n.public_ip_address])).toEqual([
      ["eni-00000000000000001", 0, ["10.0.1.10"], "203.0.113.10"],
      ["eni-00000000000000002", 1, ["10.0.1.11"], ""],
    ]);
    expect(resource.ip_addresses).toEqual(["10.0.1.10", "10.0.1.11"]);
    // IPv6 security-group rules are rows with the range as remote_id.
    expect(data.security_group).toContainEqual(expect.objectContaining({ direction: "inbound", remote_id: "::/0", remote: "::/0", port: 80 }));
  });

  it("Auto Scaling group member behind an ALB instance target group", () => {
    for (const id of ["i-00000000000000001", "i-00000000000000002"]) {
      const { data } = instance(id);
      expect(data.auto_scaling_group).toMatchObject({ name: "demo-web-asg", launch_template: { LaunchTemplateId: "lt-00000000000000001" } });
      expect(data.load_balancer).toEqual([
        expect.objectContaining({ name: "demo-web-alb", type: "application", scheme: "internet-facing", protocol: ["HTTP", "HTTPS"], port: ["80", "443"] }),
      ]);
    }
  });

  it("ALB ip target matched by the instance's primary private IP; no group → auto_scaling_group null", () => {
    const { data } = instance("i-00000000000000003");
    expect(data.load_balancer.map((lb) => lb.name)).toEqual(["demo-web-alb"]);
    expect(data.auto_scaling_group).toBeNull();
    expect(instance("i-00000000000000004").data.load_balancer).toEqual([]);
  });

  it("unicode tags arrive intact in tags and name", () => {
    const { resource } = instance("i-00000000000000001");
    expect(resource.tags).toMatchObject({ Owner: "Zoë Ångström / 山田太郎", 說明: "웹 서버 🚀" });
    expect(resource.name).toBe("demo-web-1");
  });

  it("termination protection comes from DescribeInstanceAttribute", () => {
    expect(instance("i-00000000000000001").data.aws.termination_protection).toBe(true);
    expect(instance("i-00000000000000002").data.aws.termination_protection).toBe(false);
  });

  it("top-level envelope: all 16 keys, ISO launched_at, json strings", () => {
    const { resource } = instance("i-00000000000000002");
    expect(Object.keys(resource).sort()).toEqual(
      [
        "account",
        "cloud_service_group",
        "cloud_service_type",
        "data",
        "instance_size",
        "instance_type",
        "ip_addresses",
        "json_data",
        "json_metadata",
        "launched_at",
        "metadata",
        "name",
        "provider",
        "reference",
        "region_code",
        "tags",
      ].sort(),
    );
    expect(resource.launched_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?$/);
    expect(resource.data).toBeNull();
    expect(resource.metadata).toBeNull();
    expect(JSON.parse(resource.json_metadata as string)).toEqual({
      view: {
        sub_data: {
          reference: { resource_type: "inventory.CloudServiceType", options: { provider: "aws", cloud_service_group: "EC2", cloud_service_type: "Instance" } },
        },
      },
    });
  });
});
