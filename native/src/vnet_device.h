/*
 * An open /dev/vnet as a JS handle. Jobs on the libuv pool may still use the
 * descriptor after JS calls close(), so closing waits for them to finish.
 */
#ifndef VNET_VNET_DEVICE_H
#define VNET_VNET_DEVICE_H

#include "napi_util.h"

#include <stdbool.h>

struct vnet_device {
	int fd;            /* -1 once closed */
	unsigned int busy; /* jobs in flight; touched on the JS thread only */
	bool close_requested;
	bool finalized; /* the JS handle was garbage-collected */
	unsigned int max_batch_ops;
	unsigned int features; /* VNET_FEAT_* */
	char path[256];
};

/* Reads argv[0] as a device handle that is still open; NULL with an exception pending otherwise. */
struct vnet_device *vnet_device_from_handle(napi_env env, napi_value handle, const char *what);
/* Brackets a job's use of the descriptor (on the JS thread: at start and in complete/release). */
void vnet_device_hold(struct vnet_device *device);
void vnet_device_release(struct vnet_device *device);

#endif
