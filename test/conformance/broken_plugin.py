#!/usr/bin/python3
"""A small Cloudforet collector plugin in Python, correct in some ways and deliberately wrong in others.

It proves that the conformance kit (src/conformance/) judges any plugin by the wire alone: Debian's
python3-grpcio, generic handlers, message classes built from a FileDescriptorSet of the repository's
proto/ (`buf build --as-file-descriptor-set`, produced by the test), and a hand-written gRPC server
reflection v1alpha (Debian's grpcio 1.51 has no grpc_reflection module).

Correct: the service list, every service and file resolvable, Health, ServerInfo, init's metadata,
and every record's state. Every fault is marked FAULT below with the check that must catch it.

Usage: broken_plugin.py DESCRIPTOR_SET   -> prints {"port": N} once listening on 127.0.0.1 (port $PLUGIN_PORT, default any free one).
"""
import json
import os
import sys
import threading
from concurrent import futures

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, json_format

try:  # protobuf >= 4.22
    from google.protobuf.message_factory import GetMessageClass
except ImportError:  # protobuf 4.21 (Debian bookworm)
    from google.protobuf import message_factory as _mf

    _factory = _mf.MessageFactory()

    def GetMessageClass(desc):
        return _factory.GetPrototype(desc)


SERVICES = [
    "grpc.health.v1.Health",
    "spaceone.api.core.v1.ServerInfo",
    "spaceone.api.inventory.plugin.Collector",
    "spaceone.api.inventory.plugin.Job",
]
DEMO_KEY = "AKIADEMO111111111111"
MATCH_RULES = {"1": ["reference.resource_id", "provider", "cloud_service_type", "cloud_service_group", "account"]}


def load(path):
    """The descriptor set as served, and a pool with every file (dependencies first)."""
    files = {f.name: f for f in descriptor_pb2.FileDescriptorSet.FromString(open(path, "rb").read()).file}
    # FAULT reflection.descriptors: GetTaskRequest gains a field the contract does not have.
    job = files["spaceone/api/inventory/plugin/job.proto"]
    request = next(m for m in job.message_type if m.name == "GetTaskRequest")
    request.field.add(name="dry_run", number=4, json_name="dryRun",
                      type=descriptor_pb2.FieldDescriptorProto.TYPE_BOOL,
                      label=descriptor_pb2.FieldDescriptorProto.LABEL_OPTIONAL)
    pool = descriptor_pool.DescriptorPool()
    added = set()

    def add(name):
        if name in added:
            return
        added.add(name)
        for dep in files[name].dependency:
            add(dep)
        pool.Add(files[name])

    for name in files:
        add(name)
    return files, pool


FILES, POOL = load(sys.argv[1])


def message(name):
    return GetMessageClass(POOL.FindMessageTypeByName(name))


def closure(name, sent):
    """The file first, then its transitive dependencies, each serialized once."""
    if name in sent:
        return []
    sent.add(name)
    out = [FILES[name].SerializeToString()]
    for dep in FILES[name].dependency:
        out += closure(dep, sent)
    return out


ReflectionResponse = message("grpc.reflection.v1alpha.ServerReflectionResponse")


def reflection(requests, context):
    for req in requests:
        res = ReflectionResponse(valid_host=req.host)
        res.original_request.CopyFrom(req)
        kind = req.WhichOneof("message_request")
        if kind == "list_services":
            for name in SERVICES:
                res.list_services_response.service.add(name=name)
        elif kind == "file_containing_symbol":
            try:
                found = POOL.FindFileContainingSymbol(req.file_containing_symbol)
                res.file_descriptor_response.file_descriptor_proto.extend(closure(found.name, set()))
            except KeyError:
                # FAULT reflection.not-found: UNKNOWN (2) instead of NOT_FOUND (5).
                res.error_response.error_code = 2
                res.error_response.error_message = "no idea"
        elif kind == "file_by_filename":
            if req.file_by_filename in FILES:
                res.file_descriptor_response.file_descriptor_proto.extend(closure(req.file_by_filename, set()))
            else:
                res.error_response.error_code = 5
                res.error_response.error_message = "file not found"
        else:
            res.error_response.error_code = 3
        yield res


def to_dict(struct):
    return json_format.MessageToDict(struct)


def make(name, value):
    return json_format.ParseDict(value, message(name)())


def init(request, context):
    return make("spaceone.api.inventory.plugin.PluginInfo", {"metadata": {
        "supported_resource_type": ["inventory.CloudService", "inventory.CloudServiceType", "inventory.Region", "inventory.ErrorResource"],
        "supported_schedules": ["hours"],
        "supported_features": ["garbage_collection"],
        "filter_format": [],
        "options_schema": {},
    }})


def verify(request, context):
    key = to_dict(request.secret_data).get("aws_access_key_id", "")
    if key != DEMO_KEY:
        # FAULT verify.bad-credentials: no ERROR_ code, UNAUTHENTICATED, and the key echoed.
        context.abort(grpc.StatusCode.UNAUTHENTICATED, f"invalid access key {key}")
    return message("google.protobuf.Empty")()


TASKS = [
    {"resource_type": "inventory.CloudServiceType", "services": ["EC2"]},
    {"resource_type": "inventory.CloudService", "service": "EC2", "region": "r-faulty"},
    {"resource_type": "inventory.CloudService", "service": "EC2", "region": "r-flaky"},
    {"resource_type": "inventory.CloudService", "service": "EC2", "region": "r-broken"},
]


def get_tasks(request, context):
    if to_dict(request.options).get("plant") == "no-tasks":
        # FAULT get-tasks: an empty list instead of an error (and collect.stream-end: see collect).
        return make("spaceone.api.inventory.plugin.TasksInfo", {})
    # FAULT get-tasks: the last task has no task_options.
    return make("spaceone.api.inventory.plugin.TasksInfo", {"tasks": [{"task_options": t} for t in TASKS] + [{}]})


def instance(rid, region, name, account="111111111111", json_data=None, drop=(), resource_type="inventory.CloudService"):
    resource = {
        "name": name, "cloud_service_type": "Instance", "cloud_service_group": "EC2", "provider": "aws",
        "account": account, "region_code": region, "reference": {"resource_id": rid}, "tags": {},
        "json_data": json_data if json_data is not None else json.dumps({"compute": {"instance_id": rid}, "os": {"os_type": "LINUX"}}),
    }
    for key in drop:
        del resource[key]
    return {"state": "SUCCESS", "resource_type": resource_type, "match_rules": MATCH_RULES, "resource": resource}


def volume(rid, region):
    return {"state": "SUCCESS", "resource_type": "inventory.CloudService", "match_rules": MATCH_RULES, "resource": {
        "name": rid, "cloud_service_type": "Volume", "cloud_service_group": "EC2", "provider": "aws", "account": "111111111111",
        "region_code": region, "reference": {"resource_id": rid}, "tags": {}, "json_data": json.dumps({"size": 8}),
    }}


FAULTY = [
    instance("i-ok", "r-faulty", "fine"),
    # FAULT collect.match-rules: an empty account widens the inventory's match.
    instance("i-blank", "r-faulty", "blank account", account=""),
    # FAULT collect.json: json_data that does not parse.
    instance("i-badjson", "r-faulty", "bad json", json_data="{broken"),
    # FAULT collect.resource-type: a type the inventory does not know.
    instance("i-server", "r-faulty", "unknown type", resource_type="inventory.Server"),
    # FAULT collect.unique-match: the same match key as the next record.
    instance("i-dup", "r-faulty", "first of two"),
    instance("i-dup", "r-faulty", "second of two"),
    # FAULT collect.key-sets: the envelope key "tags" left out.
    instance("i-notags", "r-faulty", "no tags", drop=("tags",)),
    # FAULT collect.error-context: an ErrorResource with no message and no context.
    {"state": "FAILURE", "resource_type": "inventory.ErrorResource", "match_rules": {}, "resource": {}},
]

flaky_calls = 0
flaky_lock = threading.Lock()


def collect(request, context):
    ResourceInfo = "spaceone.api.inventory.plugin.ResourceInfo"
    if not request.HasField("task_options"):
        # FAULT collect.stream-end: without task_options, an empty success (the platform then garbage-collects).
        return
    task = to_dict(request.task_options)
    if task.get("resource_type") == "inventory.CloudServiceType":
        yield make(ResourceInfo, {"state": "SUCCESS", "resource_type": "inventory.CloudServiceType",
                                  "match_rules": {"1": ["name", "group", "provider"]},
                                  "resource": {"name": "Instance", "group": "EC2", "provider": "aws", "json_metadata": "{}"}})
    elif task.get("region") == "r-faulty":
        for record in FAULTY:
            yield make(ResourceInfo, record)
    elif task.get("region") == "r-flaky":
        global flaky_calls
        with flaky_lock:
            flaky_calls += 1
            first = flaky_calls == 1
        # FAULT distribution: after the first call, a partial list that still ends OK.
        for rid in (["vol-1", "vol-2", "vol-3"] if first else ["vol-1"]):
            yield make(ResourceInfo, volume(rid, "r-flaky"))
    elif task.get("region") == "r-broken":
        yield make(ResourceInfo, volume("vol-9", "r-broken"))
        # FAULT collect.stream-end: an error status without an ERROR_ code, echoing the access key.
        context.abort(grpc.StatusCode.INTERNAL, f"lost the connection to the cloud with key {to_dict(request.secret_data).get('aws_access_key_id')}")


def health(request, context):
    return make("grpc.health.v1.HealthCheckResponse", {"status": "SERVING"})


def version(request, context):
    return make("spaceone.api.core.v1.VersionInfo", {"version": "0.0.1-broken"})


def handlers():
    def rpc(kind, fn, method):
        desc = POOL.FindMethodByName(method)
        request, response = GetMessageClass(desc.input_type), GetMessageClass(desc.output_type)
        return kind(fn, request_deserializer=request.FromString, response_serializer=response.SerializeToString)

    table = {
        "grpc.reflection.v1alpha.ServerReflection": {"ServerReflectionInfo": (grpc.stream_stream_rpc_method_handler, reflection)},
        "grpc.health.v1.Health": {"Check": (grpc.unary_unary_rpc_method_handler, health)},
        "spaceone.api.core.v1.ServerInfo": {"get_version": (grpc.unary_unary_rpc_method_handler, version)},
        "spaceone.api.inventory.plugin.Collector": {
            "init": (grpc.unary_unary_rpc_method_handler, init),
            "verify": (grpc.unary_unary_rpc_method_handler, verify),
            "collect": (grpc.unary_stream_rpc_method_handler, collect),
        },
        "spaceone.api.inventory.plugin.Job": {"get_tasks": (grpc.unary_unary_rpc_method_handler, get_tasks)},
    }
    return [
        grpc.method_handlers_generic_handler(service, {name: rpc(kind, fn, f"{service}.{name}") for name, (kind, fn) in methods.items()})
        for service, methods in table.items()
    ]


def main():
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=16))
    server.add_generic_rpc_handlers(handlers())
    port = server.add_insecure_port("127.0.0.1:" + os.environ.get("PLUGIN_PORT", "0"))
    server.start()
    print(json.dumps({"port": port}), flush=True)
    server.wait_for_termination()


if __name__ == "__main__":
    main()
