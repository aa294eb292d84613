/* Users' eBPF programs on links: loading, reading their maps, attaching them to tc hooks (bpf_object.c). */
#ifndef VNET_BPF_OBJECT_H
#define VNET_BPF_OBJECT_H

#include "napi_util.h"

/*
 * JS: bpfLoad(path: string, bytes: Buffer, section: string) → { fd, maps: [{ name, type, keySize, valueSize,
 * maxEntries, fd }] }. Loads the section's program, which must be sched_cls, and nothing else of the object
 * whose bytes are given: read from path by the caller (as whom it chooses), path only named in messages. A refusal's message
 * ends with the verifier's log whole (or libbpf's warnings when the kernel never saw the program).
 * Close every fd with fs.closeSync.
 */
napi_value bpf_object_load(napi_env env, napi_callback_info info);
/*
 * JS: bpfMapRead(fd, keySize, valueSize, perCpu: 0|1, limit) → Float64Array of [key, value] pairs, at most
 * limit: keys of up to 8 bytes and values as little-endian numbers (their first 8 bytes), per-CPU ones summed.
 */
napi_value bpf_map_read(napi_env env, napi_callback_info info);
/*
 * JS: bpfTcSet(netns, ifname, hook: 'ingress'|'egress', priority, fd): inside the namespace, attaches the
 * program (direct action, handle 1, replacing one there) on the device's clsact hook, adding clsact when
 * missing; fd -1 detaches (nothing there is not an error).
 */
napi_value bpf_tc_set(napi_env env, napi_callback_info info);
/*
 * Around an open and a load, on the JS thread: signals held back (the verifier gives up on a pending one),
 * and libbpf's warnings kept, which end returns: what explains a refusal that is libbpf's, not the verifier's.
 */
void bpf_loading_begin(void);
const char *bpf_loading_end(void);
/* The errno for a failed bpf_object__open_*: libbpf's own codes (from 4000: not ELF, no BTF...) as ENOEXEC. */
int bpf_open_errno(void);
/* failure's error with detail (a log, libbpf's warnings) after its message, on lines of their own. */
napi_value failure_with_detail(napi_env env, const struct failure *failure, const char *detail);

#endif
