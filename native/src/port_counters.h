/*
 * The netns backend's port counters counted in eBPF (native/bpf/port_counters.bpf.c): the program is
 * built into the addon, loaded once per network with the fabric namespace's identity, attached to the
 * kernel's send and receive tracepoints, and its array of totals by ifindex mapped into our memory, so a
 * read is no system call at all.
 */
#ifndef VNET_PORT_COUNTERS_H
#define VNET_PORT_COUNTERS_H

#include "napi_util.h"

/*
 * JS: portCountersOpen(netns: string) → { handle, capacity }: counting starts now, for devices of that
 * namespace whose ifindex is below capacity. Throws when the kernel or libbpf cannot run the program
 * (no BTF, an old kernel): the caller falls back to the kernel's dump. Close with portCountersClose.
 */
napi_value port_counters_open(napi_env env, napi_callback_info info);
/*
 * JS: portCountersRead(handle, ifindexes: Int32Array, out: Float64Array, changed: Int32Array) → how many
 * devices' totals differ from what out held. Writes each device's totals as portCountersLayout says (row i
 * for ifindexes[i]; out holds ifindexes.length rows), and the i of each row that changed into changed (in
 * order, from its start; it holds at least ifindexes.length), so the caller visits those rows only. An
 * ifindex outside the capacity reads as zeros.
 */
napi_value port_counters_read(napi_env env, napi_callback_info info);
/* JS: portCountersClose(handle): detaches and frees; closing twice is harmless. */
napi_value port_counters_close(napi_env env, napi_callback_info info);
/* The columns of a row, for JS: { width, rxPackets, rxBytes, txPackets, txBytes }. */
napi_value port_counters_layout(napi_env env);

#endif
