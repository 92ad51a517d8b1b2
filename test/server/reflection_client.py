#!/usr/bin/python3
"""Cloudforet-style discovery with Debian's python3-grpcio, knowing only host:port.

Mirrors the platform client (python-core pygrpc + grpcio-reflection's
ProtoReflectionDescriptorDatabase): an empty DescriptorPool backed by a
reflection database, list_services, FindServiceByName for every service in list
order, file_by_filename for dependencies the pool lacks, one bidi call per
request, message classes from the reflected descriptors, ParseDict /
MessageToDict. Debian has no grpcio-reflection, so the v1alpha request and
response messages are built here from a hand-written FileDescriptorProto.

Usage: reflection_client.py HOST:PORT [SECRET_DATA_JSON]   -> prints one JSON object.

With SECRET_DATA_JSON it also runs the platform's collection flow: Job.get_tasks,
then one Collector.collect per task with that task's task_options, consuming
each stream to its end, and reports per-task counts and stream status.
"""
import json
import os
import sys
from concurrent.futures import ThreadPoolExecutor

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, json_format
from google.protobuf.descriptor_database import DescriptorDatabase

try:  # protobuf >= 4.22
    from google.protobuf.message_factory import GetMessageClass
except ImportError:  # protobuf 4.21 (Debian bookworm)
    from google.protobuf import message_factory as _mf

    _factory = _mf.MessageFactory()

    def GetMessageClass(desc):
        return _factory.GetPrototype(desc)


def reflection_messages():
    """grpc.reflection.v1alpha request/response classes from a FileDescriptorProto built in code."""
    f = descriptor_pb2.FileDescriptorProto(name="client/grpc/reflection/v1alpha/reflection.proto", package="grpc.reflection.v1alpha", syntax="proto3")
    T = descriptor_pb2.FieldDescriptorProto
    OPT, REP = T.LABEL_OPTIONAL, T.LABEL_REPEATED

    def message(name, fields, oneof=None):
        m = f.message_type.add(name=name)
        if oneof:
            m.oneof_decl.add(name=oneof)
        for fname, number, ftype, label, type_name, in_oneof in fields:
            fd = m.field.add(name=fname, number=number, type=ftype, label=label)
            if type_name:
                fd.type_name = ".grpc.reflection.v1alpha." + type_name
            if in_oneof:
                fd.oneof_index = 0

    message("ServerReflectionRequest", [
        ("host", 1, T.TYPE_STRING, OPT, None, False),
        ("file_by_filename", 3, T.TYPE_STRING, OPT, None, True),
        ("file_containing_symbol", 4, T.TYPE_STRING, OPT, None, True),
        ("file_containing_extension", 5, T.TYPE_MESSAGE, OPT, "ExtensionRequest", True),
        ("all_extension_numbers_of_type", 6, T.TYPE_STRING, OPT, None, True),
        ("list_services", 7, T.TYPE_STRING, OPT, None, True),
    ], oneof="message_request")
    message("ExtensionRequest", [
        ("containing_type", 1, T.TYPE_STRING, OPT, None, False),
        ("extension_number", 2, T.TYPE_INT32, OPT, None, False),
    ])
    message("ServerReflectionResponse", [
        ("valid_host", 1, T.TYPE_STRING, OPT, None, False),
        ("original_request", 2, T.TYPE_MESSAGE, OPT, "ServerReflectionRequest", False),
        ("file_descriptor_response", 4, T.TYPE_MESSAGE, OPT, "FileDescriptorResponse", True),
        ("all_extension_numbers_response", 5, T.TYPE_MESSAGE, OPT, "ExtensionNumberResponse", True),
        ("list_services_response", 6, T.TYPE_MESSAGE, OPT, "ListServiceResponse", True),
        ("error_response", 7, T.TYPE_MESSAGE, OPT, "ErrorResponse", True),
    ], oneof="message_response")
    message("FileDescriptorResponse", [("file_descriptor_proto", 1, T.TYPE_BYTES, REP, None, False)])
    message("ExtensionNumberResponse", [
        ("base_type_name", 1, T.TYPE_STRING, OPT, None, False),
        ("extension_number", 2, T.TYPE_INT32, REP, None, False),
    ])
    message("ListServiceResponse", [("service", 1, T.TYPE_MESSAGE, REP, "ServiceResponse", False)])
    message("ServiceResponse", [("name", 1, T.TYPE_STRING, OPT, None, False)])
    message("ErrorResponse", [
        ("error_code", 1, T.TYPE_INT32, OPT, None, False),
        ("error_message", 2, T.TYPE_STRING, OPT, None, False),
    ])
    pool = descriptor_pool.DescriptorPool()
    pool.Add(f)
    return (GetMessageClass(pool.FindMessageTypeByName("grpc.reflection.v1alpha.ServerReflectionRequest")),
            GetMessageClass(pool.FindMessageTypeByName("grpc.reflection.v1alpha.ServerReflectionResponse")))


Request, Response = reflection_messages()
NOT_FOUND = 5


class ReflectionDatabase(DescriptorDatabase):
    """What grpcio-reflection's ProtoReflectionDescriptorDatabase does, v1alpha only."""

    def __init__(self, channel):
        super().__init__()
        self._call = channel.stream_stream(
            "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
            request_serializer=Request.SerializeToString,
            response_deserializer=Response.FromString,
        )
        self._known = set()
        self.log = []

    def _ask(self, **kwargs):
        # One bidi call per request: write one, half-close, read the first answer. No metadata, no deadline.
        self.log.append(next(iter(kwargs.items())))
        return next(self._call(iter([Request(**kwargs)])))

    def _add_files(self, response, missing):
        if response.WhichOneof("message_response") == "error_response":
            assert response.error_response.error_code == NOT_FOUND, response.error_response.error_code
            raise KeyError(missing)
        first = None
        for blob in response.file_descriptor_response.file_descriptor_proto:
            fdp = descriptor_pb2.FileDescriptorProto.FromString(blob)
            first = first or fdp
            if fdp.name not in self._known:
                self._known.add(fdp.name)
                self.Add(fdp)
        return first

    def get_services(self):
        response = self._ask(list_services="")
        return [s.name for s in response.list_services_response.service]

    def FindFileByName(self, name):
        try:
            return super().FindFileByName(name)
        except KeyError:
            pass
        return self._add_files(self._ask(file_by_filename=name), name)

    def FindFileContainingSymbol(self, symbol):
        try:
            return super().FindFileContainingSymbol(symbol)
        except KeyError:
            pass
        return self._add_files(self._ask(file_containing_symbol=symbol), symbol)


def collect_all(channel, methods, secret_data):
    """get_tasks, then one collect stream per task, as the inventory's workers do."""
    path, req_cls, res_cls, _ = methods["Job.get_tasks"]
    get_tasks = channel.unary_unary(path, request_serializer=req_cls.SerializeToString, response_deserializer=res_cls.FromString)
    tasks_msg = get_tasks(json_format.ParseDict({"options": {}, "secret_data": secret_data}, req_cls()), timeout=180)
    tasks = json_format.MessageToDict(tasks_msg, preserving_proto_field_name=True).get("tasks", [])
    path, req_cls, res_cls, streaming = methods["Collector.collect"]
    assert streaming
    collect = channel.unary_stream(path, request_serializer=req_cls.SerializeToString, response_deserializer=res_cls.FromString)

    def run(task):
        params = {"options": {}, "secret_data": secret_data, "filter": {}, "task_options": task["task_options"]}
        counts, bad_json, status = {}, 0, "OK"
        try:
            for msg in collect(json_format.ParseDict(params, req_cls()), metadata=(("token", "NO_TOKEN"),)):
                info = json_format.MessageToDict(msg, preserving_proto_field_name=True)
                key = f'{info.get("state", "NONE")} {info.get("resource_type", "")}'
                counts[key] = counts.get(key, 0) + 1
                resource = info.get("resource", {})
                if "json_data" in resource and not isinstance(json.loads(resource["json_data"]), dict):
                    bad_json += 1
        except grpc.RpcError as e:
            status = f"{e.code().name}: {e.details()}"
        return {"task": task["task_options"], "counts": counts, "status": status, "bad_json_data": bad_json}

    # COLLECT_REPEAT=n runs every task n times at once on this one channel, like the inventory's workers.
    repeat = int(os.environ.get("COLLECT_REPEAT", "1"))
    if repeat == 1:
        return [run(task) for task in tasks]
    with ThreadPoolExecutor(max_workers=len(tasks) * repeat) as pool:
        return list(pool.map(run, tasks * repeat))


def main(address, secret_data=None):
    out = {}
    with grpc.insecure_channel(address, options=[("grpc.max_send_message_length", 256 << 20), ("grpc.max_receive_message_length", 256 << 20)]) as channel:
        grpc.channel_ready_future(channel).result(timeout=3)
        db = ReflectionDatabase(channel)
        pool = descriptor_pool.DescriptorPool(db)
        services = db.get_services()
        out["services"] = services
        methods = {}
        for name in services:
            service = pool.FindServiceByName(name)
            for m in service.methods:
                methods[f"{service.name}.{m.name}"] = (
                    f"/{service.full_name}/{m.name}",
                    GetMessageClass(m.input_type),
                    GetMessageClass(m.output_type),
                    m.server_streaming,
                )
        db.get_services()  # stub binding walks the list again
        out["requests"] = [[kind, value] for kind, value in db.log]
        out["methods"] = sorted(methods)
        try:
            db.FindFileContainingSymbol("foo.Bar")
            out["unknown_symbol"] = "found"
        except KeyError:
            out["unknown_symbol"] = "KeyError"

        def call(method, params):
            path, req_cls, res_cls, _ = methods[method]
            stub = channel.unary_unary(path, request_serializer=req_cls.SerializeToString, response_deserializer=res_cls.FromString)
            request = json_format.ParseDict(params, req_cls(), ignore_unknown_fields=False)
            try:
                response = stub(request, metadata=(("token", "NO_TOKEN"),), timeout=180)
                return {"ok": json_format.MessageToDict(response, preserving_proto_field_name=True)}
            except grpc.RpcError as e:
                return {"code": e.code().name, "details": e.details()}

        out["init"] = call("Collector.init", {"options": {}})
        if secret_data is not None:
            out["collection"] = collect_all(channel, methods, secret_data)
        out["get_tasks"] = call("Job.get_tasks", {"options": {}, "secret_data": {"aws_access_key_id": "AKIAEXAMPLEEXAMPLE12"}})
        out["health"] = call("Health.Check", {"service": ""})
        out["version"] = call("ServerInfo.get_version", {})
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1], json.loads(sys.argv[2]) if len(sys.argv) > 2 else None)
