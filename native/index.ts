/**
 * The typed face of vnet's native addon (native/src/*.c): named network
 * namespaces, programs spawned inside them as a given user, link counters
 * over rtnetlink or counted in eBPF, packet capture, and the /dev/vnet ioctl ABI of the kernel module.
 *
 * Errors from the system are JS Errors whose `code` is the errno name
 * ('EEXIST', 'ENOENT', …) and whose message names the object and the reason.
 * Bad arguments throw a TypeError with code 'ERR_INVALID_ARG_VALUE'.
 */
export * from './bpf-counters.js';
export * from './capture.js';
export * from './counters.js';
export * from './hostconfig.js';
export * from './hostdirs.js';
export * from './namespaces.js';
export * from './programs.js';
export * from './spawn.js';
export * from './vnet.js';
export { nativeAddonPath } from './binding.js';
