/* Opening /dev/vnet with the version handshake, closing it, per-port counters, and programs on ports and links. */
#include "vnetdev.h"

#include "vnet_device.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/vnet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static void close_if_done(struct vnet_device *device)
{
	if (device->busy)
		return;
	if ((device->close_requested || device->finalized) && device->fd >= 0) {
		close(device->fd);
		device->fd = -1;
	}
	if (device->finalized)
		free(device);
}

void vnet_device_hold(struct vnet_device *device)
{
	device->busy++;
}

void vnet_device_release(struct vnet_device *device)
{
	device->busy--;
	close_if_done(device);
}

static void on_handle_finalized(napi_env env, void *data, void *hint)
{
	struct vnet_device *device = data;

	(void)env;
	(void)hint;
	device->finalized = true;
	close_if_done(device);
}

/* Every device handle carries it: a handle of another kind (a process's, another addon's) is refused, not cast. */
static const napi_type_tag device_tag = { 0x766e65742d646576ULL, 0x8e3f1c5a2b7d4690ULL };

struct vnet_device *vnet_device_from_handle(napi_env env, napi_value handle, const char *what)
{
	struct vnet_device *device = tagged_external(env, handle, &device_tag, what, "vnet device handle");

	if (device && device->close_requested) {
		struct failure failure = { 0 };

		failure_set(&failure, EBADF, "%s: vnet device %s is closed", what, device->path);
		throw_failure(env, &failure);
		return NULL;
	}
	return device;
}

/* VNET_IOC_VERSION with our ABI; on failure fills failure with the reason in the user's terms. */
static int handshake(int fd, const char *path, struct vnet_version *version, struct failure *failure)
{
	memset(version, 0, sizeof(*version));
	version->abi_version = VNET_ABI_VERSION;
	if (ioctl(fd, VNET_IOC_VERSION, version) == 0 && version->abi_version == VNET_ABI_VERSION)
		return 0;
	if (errno == EPROTO || version->abi_version != VNET_ABI_VERSION) {
		failure->err = EPROTO;
		snprintf(failure->message, sizeof(failure->message),
			 "%s: vnet.ko speaks ABI %u, this vnet needs %u (install the matching module or application)",
			 path, version->abi_version, VNET_ABI_VERSION);
	} else if (errno == ENOTTY) {
		failure_set(failure, ENOTTY, "%s is not a vnet device (VERSION handshake refused)", path);
	} else {
		failure_set(failure, errno, "%s: VERSION handshake", path);
	}
	return -1;
}

static napi_value describe_device(napi_env env, struct vnet_device *device, const struct vnet_version *version)
{
	napi_value result, handle;

	if (napi_create_external(env, device, on_handle_finalized, NULL, &handle) != napi_ok) {
		close(device->fd);
		free(device);
		throw_napi_failure(env, "napi_create_external", napi_generic_failure);
		return NULL;
	}
	NAPI_CALL(env, napi_type_tag_object(env, handle, &device_tag)); /* from here the handle owns device */
	device->max_batch_ops = version->max_batch_ops;
	device->features = version->features;
	NAPI_CALL(env, napi_create_object(env, &result));
	NAPI_CALL(env, napi_set_named_property(env, result, "handle", handle));
	if (!set_number(env, result, "abi", version->abi_version) ||
	    !set_number(env, result, "features", version->features) ||
	    !set_number(env, result, "maxBatchOps", version->max_batch_ops))
		return NULL;
	return result;
}

napi_value vnetdev_open(napi_env env, napi_callback_info info)
{
	size_t argc = 1;
	napi_value argv[1];
	struct vnet_version version;
	struct failure failure = { 0 };
	struct vnet_device *device;
	char *path;

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < 1 || !read_string(env, argv[0], "openVnet: path", &path))
		return argc < 1 ? throw_invalid_arg(env, "openVnet(path) needs a path") : NULL;
	if (strlen(path) >= sizeof(((struct vnet_device *)NULL)->path)) {
		free(path);
		return throw_invalid_arg(env, "openVnet: path is longer than %zu characters",
					 sizeof(((struct vnet_device *)NULL)->path) - 1);
	}
	device = calloc(1, sizeof(*device));
	if (!device) {
		free(path);
		return throw_no_memory(env, "openVnet");
	}
	strcpy(device->path, path);
	free(path);
	device->fd = open(device->path, O_RDWR | O_CLOEXEC);
	if (device->fd < 0)
		failure_set(&failure, errno, "open %s%s", device->path,
			    errno == ENOENT ? " (is the vnet.ko module loaded?)" : "");
	else
		handshake(device->fd, device->path, &version, &failure);
	if (failure.err) {
		if (device->fd >= 0)
			close(device->fd);
		free(device);
		return throw_failure(env, &failure);
	}
	return describe_device(env, device, &version);
}

napi_value vnetdev_close(napi_env env, napi_callback_info info)
{
	size_t argc = 1;
	napi_value argv[1], undefined;
	struct vnet_device *device;

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	NAPI_CALL(env, napi_get_undefined(env, &undefined));
	if (argc < 1)
		return throw_invalid_arg(env, "vnetClose(handle) needs a handle");
	device = tagged_external(env, argv[0], &device_tag, "vnetClose", "vnet device handle");
	if (!device)
		return NULL;
	device->close_requested = true; /* closing twice is harmless */
	close_if_done(device);
	return undefined;
}

struct stats_job {
	struct job job; /* first: the job helpers cast back */
	struct vnet_device *device;
	__u32 *ids; /* NULL: every port of the file */
	__u32 count;
	struct vnet_port_stats *stats;
	__u32 written;
};

static int stats_call(struct stats_job *stats_job, __u32 capacity, __u32 *total)
{
	struct vnet_stats request = {
		.ids = (__u64)(uintptr_t)stats_job->ids,
		.count = capacity,
		.stats_size = sizeof(struct vnet_port_stats),
	};
	struct vnet_port_stats *stats = realloc(stats_job->stats, (capacity ? capacity : 1) * sizeof(*stats));

	if (!stats) {
		failure_set(&stats_job->job.failure, ENOMEM, "vnet stats");
		return -1;
	}
	stats_job->stats = stats;
	request.stats = (__u64)(uintptr_t)stats;
	if (ioctl(stats_job->device->fd, VNET_IOC_STATS, &request) < 0) {
		failure_set(&stats_job->job.failure, errno, "vnet stats of %u port(s)%s", capacity,
			    errno == ENOENT ? " (one of the ids is unknown)" : "");
		return -1;
	}
	stats_job->written = request.count;
	*total = request.total;
	return 0;
}

static void stats_run(struct job *job)
{
	struct stats_job *stats_job = (struct stats_job *)job;
	__u32 capacity = stats_job->ids ? stats_job->count : 256;
	__u32 total = 0;

	/* For "all ports", grow until the buffer holds every port the file has. */
	while (stats_call(stats_job, capacity, &total) == 0 && !stats_job->ids && total > stats_job->written)
		capacity = total + total / 8 + 16;
}

/*
 * The values of a vnetStats row, in order; one column per drop reason follows the counters. JS reads rows
 * through vnetdev_stats_layout() by name, so a reason added to the uapi moves no column it already reads.
 */
enum stats_column { COLUMN_ID, COLUMN_RX_PACKETS, COLUMN_RX_BYTES, COLUMN_TX_PACKETS, COLUMN_TX_BYTES, COLUMN_DROPS };

#define STATS_COLUMNS (COLUMN_DROPS + __VNET_DROP_MAX)

static const char *const counter_names[COLUMN_DROPS] = {
	[COLUMN_ID] = "id",		    [COLUMN_RX_PACKETS] = "rxPackets", [COLUMN_RX_BYTES] = "rxBytes",
	[COLUMN_TX_PACKETS] = "txPackets", [COLUMN_TX_BYTES] = "txBytes",
};

static const char *const drop_reason_names[] = {
	[VNET_DROP_LOSS] = "loss",
	[VNET_DROP_QUEUE_FULL] = "queueFull",
	[VNET_DROP_NO_CARRIER] = "noCarrier",
	[VNET_DROP_NO_DEST] = "noDest",
	[VNET_DROP_PARTITION] = "partition",
	[VNET_DROP_PROG] = "prog",
};

_Static_assert(sizeof(drop_reason_names) / sizeof(drop_reason_names[0]) == __VNET_DROP_MAX,
	       "name every enum vnet_drop_reason value for JS");

napi_value vnetdev_stats_layout(napi_env env)
{
	napi_value layout, drops;

	NAPI_CALL(env, napi_create_object(env, &layout));
	NAPI_CALL(env, napi_create_object(env, &drops));
	if (!set_number(env, layout, "width", STATS_COLUMNS) ||
	    !set_columns(env, layout, counter_names, COLUMN_DROPS, 0) ||
	    !set_columns(env, drops, drop_reason_names, __VNET_DROP_MAX, COLUMN_DROPS))
		return NULL;
	NAPI_CALL(env, napi_set_named_property(env, layout, "drops", drops));
	return layout;
}

/* One Float64Array: streaming reads thousands of ports ten times a second, so no object per port. */
static napi_value stats_result(napi_env env, struct job *job)
{
	struct stats_job *stats_job = (struct stats_job *)job;
	double *row;
	napi_value rows = create_float64_array(env, (size_t)stats_job->written * STATS_COLUMNS, &row);

	if (!rows)
		return NULL;
	for (__u32 i = 0; i < stats_job->written; i++, row += STATS_COLUMNS) {
		const struct vnet_port_stats *stats = &stats_job->stats[i];

		row[COLUMN_ID] = stats->id;
		row[COLUMN_RX_PACKETS] = (double)stats->rx_packets;
		row[COLUMN_RX_BYTES] = (double)stats->rx_bytes;
		row[COLUMN_TX_PACKETS] = (double)stats->tx_packets;
		row[COLUMN_TX_BYTES] = (double)stats->tx_bytes;
		for (int reason = 0; reason < __VNET_DROP_MAX; reason++)
			row[COLUMN_DROPS + reason] = (double)stats->drops[reason];
	}
	return rows;
}

static void stats_release(struct job *job)
{
	struct stats_job *stats_job = (struct stats_job *)job;

	if (stats_job->device)
		vnet_device_release(stats_job->device);
	free(stats_job->ids);
	free(stats_job->stats);
	free(stats_job);
}

napi_value vnetdev_stats(napi_env env, napi_callback_info info)
{
	size_t argc = 2;
	napi_value argv[2], empty;
	napi_valuetype type = napi_undefined;
	struct stats_job *stats_job;
	struct vnet_device *device;

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < 1)
		return throw_invalid_arg(env, "vnetStats(handle, portIds?) needs a handle");
	device = vnet_device_from_handle(env, argv[0], "vnet stats");
	if (!device)
		return NULL;
	if (argc >= 2)
		NAPI_CALL(env, napi_typeof(env, argv[1], &type));
	stats_job = calloc(1, sizeof(*stats_job));
	if (!stats_job)
		return throw_no_memory(env, "vnet stats");
	stats_job->job.run = stats_run;
	stats_job->job.result = stats_result;
	stats_job->job.release = stats_release;
	if (type != napi_undefined && type != napi_null &&
	    !read_uint32_array(env, argv[1], "vnet stats: portIds", UINT32_MAX - 1, &stats_job->ids, &stats_job->count)) {
		stats_release(&stats_job->job);
		return NULL;
	}
	if (stats_job->ids && stats_job->count == 0) { /* nothing asked: no ioctl, the same (empty) rows */
		empty = stats_result(env, &stats_job->job);
		stats_release(&stats_job->job);
		return empty ? job_resolved(env, empty) : NULL;
	}
	vnet_device_hold(device);
	stats_job->device = device;
	return job_start(env, &stats_job->job, "vnet.stats");
}

struct prog_job {
	struct job job; /* first: the job helpers cast back */
	struct vnet_device *device;
	struct vnet_prog request;
};

static const char *const prog_kinds[] = { [VNET_PROG_PORT] = "port", [VNET_PROG_LINK] = "link" };

/* Direction names by dirs mask, per kind: a link's run from its segment a to b (ab) and back. */
static const char *prog_dirs_name(const struct vnet_prog *request)
{
	static const char *const port_dirs[] = { "", "egress", "ingress", "egress and ingress" };
	static const char *const link_dirs[] = { "", "ab", "ba", "ab and ba" };

	return (request->kind == VNET_PROG_LINK ? link_dirs : port_dirs)[request->dirs & 3];
}

/* What the module's errno means here: JS checked kind, dirs and id already. */
static const char *prog_refusal(int err)
{
	switch (err) {
	case EINVAL:
		return " (the descriptor is not a BPF program of type sched_cls, the only type vnet runs)";
	case EBADF:
		return " (the descriptor is not open)";
	case ENOENT:
		return " (no such id on this device)";
	default:
		return "";
	}
}

static void prog_run(struct job *job)
{
	struct prog_job *prog = (struct prog_job *)job;
	const struct vnet_prog *request = &prog->request;

	if (ioctl(prog->device->fd, VNET_IOC_PROG, request) < 0)
		failure_set(&job->failure, errno, "vnet program %s %s %u %s, fd %d%s",
			    request->prog_fd == -1 ? "detached from" : "attached to", prog_kinds[request->kind],
			    request->id, prog_dirs_name(request), request->prog_fd, prog_refusal(errno));
}

static void prog_release(struct job *job)
{
	struct prog_job *prog = (struct prog_job *)job;

	if (prog->device)
		vnet_device_release(prog->device);
	free(prog);
}

/* request[key], an integer between min and max. */
static napi_value read_prog_number(napi_env env, napi_value request, const char *key, int64_t min, int64_t max,
				   int64_t *out)
{
	napi_value value;
	char what[40];

	snprintf(what, sizeof(what), "vnet program: %s", key);
	if (!read_property(env, request, key, &value))
		return NULL;
	if (!value)
		return throw_invalid_arg(env, "%s is required", what);
	if (!read_int64(env, value, what, out))
		return NULL;
	if (*out < min || *out > max)
		return throw_invalid_arg(env, "%s is %lld: it must be between %lld and %lld", what, (long long)*out,
					 (long long)min, (long long)max);
	return value;
}

static napi_value read_prog_request(napi_env env, napi_value object, struct vnet_prog *request)
{
	int64_t id, dirs, fd;
	napi_value kind_value;
	char *kind = NULL;

	if (!read_property(env, object, "kind", &kind_value))
		return NULL;
	if (!kind_value || !read_string(env, kind_value, "vnet program: kind", &kind))
		return kind_value ? NULL : throw_invalid_arg(env, "vnet program: kind is required ('port' or 'link')");
	request->kind = !strcmp(kind, "port") ? VNET_PROG_PORT : !strcmp(kind, "link") ? VNET_PROG_LINK : 0;
	if (!request->kind) {
		throw_invalid_arg(env, "vnet program: kind is \"%s\": it must be 'port' or 'link'", kind);
		free(kind);
		return NULL;
	}
	free(kind);
	if (!read_prog_number(env, object, "id", 1, VNET_ID_REF - 1, &id) ||
	    !read_prog_number(env, object, "dirs", 1, VNET_DIR_EGRESS | VNET_DIR_INGRESS, &dirs) ||
	    !read_prog_number(env, object, "fd", -1, INT32_MAX, &fd))
		return NULL;
	request->id = (__u32)id;
	request->dirs = (__u32)dirs;
	request->prog_fd = (__s32)fd;
	return object;
}

napi_value vnetdev_prog(napi_env env, napi_callback_info info)
{
	size_t argc = 2;
	napi_value argv[2];
	struct prog_job *prog;
	struct vnet_device *device;

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < 2)
		return throw_invalid_arg(env, "vnetProg(handle, { kind, id, dirs, fd }) needs a handle and a request");
	device = vnet_device_from_handle(env, argv[0], "vnet program");
	if (!device)
		return NULL;
	prog = calloc(1, sizeof(*prog));
	if (!prog)
		return throw_no_memory(env, "vnet program");
	prog->job.run = prog_run;
	prog->job.release = prog_release;
	if (!read_prog_request(env, argv[1], &prog->request)) {
		prog_release(&prog->job);
		return NULL;
	}
	vnet_device_hold(device);
	prog->device = device;
	return job_start(env, &prog->job, "vnet.prog");
}
