{
  "targets": [
    {
      "target_name": "vnet_native",
      "sources": [
        "src/addon.c",
        "src/capture.c",
        "src/napi_util.c",
        "src/netns.c",
        "src/spawn.c",
        "src/spawn_child.c",
        "src/hostdirs.c",
        "src/child_watch.c",
        "src/linkstats.c",
        "src/counter_socket.c",
        "src/rtnl_config.c",
        "src/rtnl_stats.c",
        "src/vnetdev.c",
        "src/vnet_batch.c",
        "src/vnet_partition.c",
        "src/vnet_capture.c",
        "src/bpf_object.c",
        "src/port_counters.c"
      ],
      "include_dirs": ["../kmod/include/uapi"],
      "defines": ["_GNU_SOURCE", "NAPI_VERSION=8", "PORT_COUNTERS_OBJECT=\"<(module_root_dir)/bpf/port_counters.bpf.o\""],
      "cflags": ["-std=gnu11", "-Wall", "-Wextra", "-Werror=implicit-function-declaration"],
      "libraries": ["-lpthread", "-l:libbpf.so.1"]
    }
  ]
}
