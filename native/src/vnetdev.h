/* /dev/vnet: the kernel module's ioctl ABI (kmod/include/uapi/linux/vnet.h, included as is). */
#ifndef VNET_VNETDEV_H
#define VNET_VNETDEV_H

#include "napi_util.h"

/* JS: vnetOpen(path) → { handle, abi, features, maxBatchOps }; throws EPROTO on an ABI mismatch. */
napi_value vnetdev_open(napi_env env, napi_callback_info info);
/* JS: vnetBatch(handle, ops) → Promise<number[]>; rejects with failedIndex set. */
napi_value vnetdev_batch(napi_env env, napi_callback_info info);
/* JS: vnetStats(handle, portIds?) → Promise<Float64Array>: rows laid out as vnetdev_stats_layout() says. */
napi_value vnetdev_stats(napi_env env, napi_callback_info info);
/*
 * JS: vnetPartition(handle, addresses, groups, cuts) → Promise<void>: replaces the partition table
 * (addresses as IPv4 or IPv6 texts, groups[i] the group of addresses[i], cuts [from, to, ...]); IPv6 needs a
 * module with VNET_FEAT_PARTITION6 (an EOPNOTSUPP Error naming it otherwise).
 */
napi_value vnetdev_partition(napi_env env, napi_callback_info info);
/* vnet_capture.c: JS: vnetCaptureOpen(handle, ports, points, dirs, program, snaplen, ringBytes) → Promise<fd> */
napi_value vnet_capture_open(napi_env env, napi_callback_info info);
/* vnet_capture.c: JS: vnetCaptureRead(fd, buffer, snaplen) → Float64Array of capture rows (capture.h) */
napi_value vnet_capture_read(napi_env env, napi_callback_info info);
/*
 * JS: vnetProg(handle, { kind: 'port' | 'link', id, dirs, fd }) → Promise<void>: attaches the sched_cls program
 * of descriptor fd to those directions (VNET_DIR_* bits: egress/ingress, or a link's ab/ba), or detaches (fd -1);
 * rejects with the module's errno and a sentence naming what was refused.
 */
napi_value vnetdev_prog(napi_env env, napi_callback_info info);
/* JS: vnetClose(handle) */
napi_value vnetdev_close(napi_env env, napi_callback_info info);
/* JS: the addon's vnetStatsLayout: { width, id, rxPackets, rxBytes, txPackets, txBytes, drops: { <reason>: column } }. */
napi_value vnetdev_stats_layout(napi_env env);

#endif
