/*
 * VNET_IOC_BATCH from JS operation objects (the VnetOp union of index.ts).
 * Ops are parsed and checked on the JS thread; namespaces named by portAdd
 * are opened, and the ioctl made, on the libuv pool.
 */
#include "vnetdev.h"

#include "netns.h"
#include "vnet_device.h"

#include <errno.h>
#include <linux/vnet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define NO_FAILED_INDEX UINT32_MAX

struct batch_job {
	struct job job; /* first: the job helpers cast back */
	struct vnet_device *device;
	struct vnet_op *ops;
	char **netns; /* per op: the portAdd namespace name, else NULL */
	__u32 count;
	__u32 failed_index; /* NO_FAILED_INDEX when the failure is not one operation's */
};

struct op_reader {
	const char *name;
	__u32 cmd;
	napi_value (*read)(napi_env env, napi_value object, struct batch_job *batch, __u32 index);
};

/* A number id, or { ref: i } naming what operation i < index of this batch creates. */
static napi_value read_id(napi_env env, napi_value object, const char *key, __u32 index, __u32 *out)
{
	napi_value value, ref;
	napi_valuetype type;
	char what[64];
	__u32 number;

	snprintf(what, sizeof(what), "vnet batch: ops[%u].%s", index, key);
	if (!read_property(env, object, key, &value))
		return NULL;
	if (!value)
		return throw_invalid_arg(env, "%s is required", what);
	NAPI_CALL(env, napi_typeof(env, value, &type));
	if (type == napi_object) {
		strncat(what, ".ref", sizeof(what) - strlen(what) - 1);
		if (!read_property(env, value, "ref", &ref))
			return NULL;
		if (!ref)
			return throw_invalid_arg(env, "%s must be a number or { ref: index }", what);
		if (!read_uint32(env, ref, what, &number))
			return NULL;
		if (number >= index)
			return throw_invalid_arg(env, "%s is %u: it must name an earlier operation (< %u)", what, number,
						 index);
		*out = VNET_ID_REF | number;
		return value;
	}
	if (!read_uint32(env, value, what, &number))
		return NULL;
	if (number == 0 || number >= VNET_ID_REF)
		return throw_invalid_arg(env, "%s is %u: ids are between 1 and %u", what, number, VNET_ID_REF - 1);
	*out = number;
	return value;
}

/* An optional uint32 property; *out keeps its value when the property is absent. */
static napi_value read_optional_u32(napi_env env, napi_value object, const char *key, __u32 index, __u32 *out)
{
	napi_value value;
	char what[64];

	snprintf(what, sizeof(what), "vnet batch: ops[%u].%s", index, key);
	if (!read_property(env, object, key, &value))
		return NULL;
	return !value || read_uint32(env, value, what, out) ? object : NULL;
}

static napi_value read_optional_u64(napi_env env, napi_value object, const char *key, const char *what_prefix,
				    __u64 *out)
{
	napi_value value;
	int64_t number;
	char what[80];

	snprintf(what, sizeof(what), "%s.%s", what_prefix, key);
	if (!read_property(env, object, key, &value))
		return NULL;
	if (!value)
		return object;
	if (!read_int64(env, value, what, &number))
		return NULL;
	if (number < 0)
		return throw_invalid_arg(env, "%s must not be negative", what);
	*out = (__u64)number;
	return object;
}

static napi_value read_segment_add(napi_env env, napi_value object, struct batch_job *batch, __u32 index)
{
	static const char *const kinds[] = { [VNET_SEG_P2P] = "p2p", [VNET_SEG_HUB] = "hub", [VNET_SEG_SWITCH] = "switch" };
	struct vnet_segment *segment = &batch->ops[index].u.segment;
	napi_value kind_value;
	char *kind = NULL;
	char what[48];

	snprintf(what, sizeof(what), "vnet batch: ops[%u].kind", index);
	if (!read_property(env, object, "kind", &kind_value))
		return NULL;
	if (!kind_value)
		return throw_invalid_arg(env, "%s is required", what);
	if (!read_string(env, kind_value, what, &kind))
		return NULL;
	for (__u32 k = VNET_SEG_P2P; k < __VNET_SEG_MAX; k++)
		if (strcmp(kind, kinds[k]) == 0)
			segment->kind = k;
	free(kind);
	if (!segment->kind)
		return throw_invalid_arg(env, "%s must be 'p2p', 'hub' or 'switch'", what);
	return read_optional_u32(env, object, "ageingMs", index, &segment->ageing_ms);
}

static napi_value read_delete(napi_env env, napi_value object, struct batch_job *batch, __u32 index)
{
	return read_id(env, object, "id", index, &batch->ops[index].u.del.id);
}

static napi_value read_netns(napi_env env, napi_value object, struct batch_job *batch, __u32 index)
{
	napi_value value;
	char what[48];

	snprintf(what, sizeof(what), "vnet batch: ops[%u].netns", index);
	if (!read_property(env, object, "netns", &value))
		return NULL;
	batch->ops[index].u.port.netns_fd = -1; /* null: the caller's namespace */
	if (!value)
		return object;
	if (!read_string(env, value, what, &batch->netns[index]))
		return NULL;
	return netns_check_name(env, batch->netns[index], what) ? object : NULL;
}

static napi_value read_mac(napi_env env, napi_value object, __u32 index, __u8 mac[VNET_ETH_ALEN])
{
	napi_value value;
	char *text;
	char what[48];
	int used = 0;

	snprintf(what, sizeof(what), "vnet batch: ops[%u].mac", index);
	if (!read_property(env, object, "mac", &value))
		return NULL;
	if (!value)
		return object;
	if (!read_string(env, value, what, &text))
		return NULL;
	if (sscanf(text, "%2hhx:%2hhx:%2hhx:%2hhx:%2hhx:%2hhx%n", &mac[0], &mac[1], &mac[2], &mac[3], &mac[4], &mac[5],
		   &used) != 6 ||
	    text[used] != '\0' || used != 17) {
		throw_invalid_arg(env, "%s \"%s\" is not a MAC address like 02:00:00:00:00:01", what, text);
		free(text);
		return NULL;
	}
	free(text);
	return object;
}

static napi_value read_port_add(napi_env env, napi_value object, struct batch_job *batch, __u32 index)
{
	struct vnet_port *port = &batch->ops[index].u.port;
	napi_value value;
	char *ifname = NULL;
	char what[48];

	snprintf(what, sizeof(what), "vnet batch: ops[%u].ifname", index);
	if (!read_id(env, object, "segment", index, &port->segment) || !read_netns(env, object, batch, index) ||
	    !read_mac(env, object, index, port->mac) || !read_optional_u32(env, object, "mtu", index, &port->mtu) ||
	    !read_property(env, object, "ifname", &value))
		return NULL;
	if (!value)
		return throw_invalid_arg(env, "%s is required", what);
	if (!read_string(env, value, what, &ifname))
		return NULL;
	if (ifname[0] == '\0' || strlen(ifname) >= VNET_IFNAMSIZ || strpbrk(ifname, "/: \t\n")) {
		throw_invalid_arg(env, "%s \"%s\" is not an interface name (1 to %d characters, no '/', ':' or spaces)",
				  what, ifname, VNET_IFNAMSIZ - 1);
		free(ifname);
		return NULL;
	}
	memcpy(port->ifname, ifname, strlen(ifname));
	free(ifname);
	return object;
}

static napi_value read_shape(napi_env env, napi_value object, const char *key, __u32 index, struct vnet_shape *shape,
			     bool *present)
{
	napi_value value;
	char what[48];
	__u64 loss = 0, dup = 0, limit = 0;

	snprintf(what, sizeof(what), "vnet batch: ops[%u].%s", index, key);
	if (!read_property(env, object, key, &value))
		return NULL;
	*present = value != NULL;
	if (!value)
		return object;
	if (!read_optional_u64(env, value, "delayNs", what, &shape->delay_ns) ||
	    !read_optional_u64(env, value, "jitterNs", what, &shape->jitter_ns) ||
	    !read_optional_u64(env, value, "rateBps", what, &shape->rate_bps))
		return NULL;
	if (!read_optional_u64(env, value, "lossPpm", what, &loss) ||
	    !read_optional_u64(env, value, "dupPpm", what, &dup) ||
	    !read_optional_u64(env, value, "limitPkts", what, &limit))
		return NULL;
	/* Saturated, not wrapped: the module then refuses values above its limits with EINVAL. */
	shape->loss_ppm = loss > UINT32_MAX ? UINT32_MAX : (__u32)loss;
	shape->dup_ppm = dup > UINT32_MAX ? UINT32_MAX : (__u32)dup;
	shape->limit_pkts = limit > UINT32_MAX ? UINT32_MAX : (__u32)limit;
	return object;
}

/*
 * portSet (egress, ingress) and linkSet (ab, ba): one layout, whose dirs bit 0 is egress or ab and bit 1
 * ingress or ba (vnet.h).
 */
static napi_value read_set(napi_env env, napi_value object, struct batch_job *batch, __u32 index)
{
	struct vnet_port_set *set = &batch->ops[index].u.set;
	bool link = batch->ops[index].cmd == VNET_CMD_LINK_SET;
	const char *first = link ? "ab" : "egress", *second = link ? "ba" : "ingress";
	bool has_first, has_second;

	if (!read_id(env, object, "id", index, &set->id) ||
	    !read_shape(env, object, first, index, &set->egress, &has_first) ||
	    !read_shape(env, object, second, index, &set->ingress, &has_second))
		return NULL;
	set->dirs = (has_first ? VNET_DIR_EGRESS : 0) | (has_second ? VNET_DIR_INGRESS : 0);
	if (!set->dirs)
		return throw_invalid_arg(env, "vnet batch: ops[%u] (%s) needs %s, %s or both", index,
					 link ? "linkSet" : "portSet", first, second);
	return object;
}

/* portState and linkState: carrier (a boolean) and seed (a safe integer, 0 = random), each optional but not both. */
static napi_value read_state(napi_env env, napi_value object, struct batch_job *batch, __u32 index)
{
	struct vnet_port_state *state = &batch->ops[index].u.state;
	napi_value carrier, seed;
	napi_valuetype type;
	char what[32];
	bool plugged;

	snprintf(what, sizeof(what), "vnet batch: ops[%u]", index);
	if (!read_id(env, object, "id", index, &state->id) || !read_property(env, object, "carrier", &carrier) ||
	    !read_property(env, object, "seed", &seed))
		return NULL;
	if (carrier) {
		NAPI_CALL(env, napi_typeof(env, carrier, &type));
		if (type != napi_boolean)
			return throw_invalid_arg(env, "%s.carrier must be true (plugged in) or false (pulled)", what);
		NAPI_CALL(env, napi_get_value_bool(env, carrier, &plugged));
		state->set |= VNET_STATE_CARRIER;
		state->carrier = plugged;
	}
	if (seed) {
		if (!read_optional_u64(env, object, "seed", what, &state->seed))
			return NULL;
		state->set |= VNET_STATE_SEED;
	}
	if (!state->set)
		return throw_invalid_arg(env, "%s (%s) needs carrier, seed or both", what,
					 batch->ops[index].cmd == VNET_CMD_LINK_STATE ? "linkState" : "portState");
	return object;
}

static napi_value read_link_add(napi_env env, napi_value object, struct batch_job *batch, __u32 index)
{
	struct vnet_link *link = &batch->ops[index].u.link;

	if (!read_id(env, object, "a", index, &link->segment_a) || !read_id(env, object, "b", index, &link->segment_b))
		return NULL;
	return object;
}

static const struct op_reader op_readers[] = {
	{ "segmentAdd", VNET_CMD_SEGMENT_ADD, read_segment_add }, { "segmentDel", VNET_CMD_SEGMENT_DEL, read_delete },
	{ "portAdd", VNET_CMD_PORT_ADD, read_port_add },          { "portDel", VNET_CMD_PORT_DEL, read_delete },
	{ "portSet", VNET_CMD_PORT_SET, read_set },               { "portState", VNET_CMD_PORT_STATE, read_state },
	{ "linkAdd", VNET_CMD_LINK_ADD, read_link_add },          { "linkDel", VNET_CMD_LINK_DEL, read_delete },
	{ "linkSet", VNET_CMD_LINK_SET, read_set },               { "linkState", VNET_CMD_LINK_STATE, read_state },
};

static const char *op_name(__u32 cmd)
{
	for (size_t i = 0; i < sizeof(op_readers) / sizeof(op_readers[0]); i++)
		if (op_readers[i].cmd == cmd)
			return op_readers[i].name;
	return "?";
}

static napi_value read_op(napi_env env, napi_value ops, struct batch_job *batch, __u32 index)
{
	napi_value object, name_value;
	char *name = NULL;
	char what[32];
	napi_value read = NULL;

	snprintf(what, sizeof(what), "vnet batch: ops[%u].op", index);
	NAPI_CALL(env, napi_get_element(env, ops, index, &object));
	if (!read_property(env, object, "op", &name_value))
		return NULL;
	if (!name_value)
		return throw_invalid_arg(env, "%s is required", what);
	if (!read_string(env, name_value, what, &name))
		return NULL;
	for (size_t i = 0; i < sizeof(op_readers) / sizeof(op_readers[0]); i++) {
		if (strcmp(name, op_readers[i].name) == 0) {
			batch->ops[index].cmd = op_readers[i].cmd;
			read = op_readers[i].read(env, object, batch, index);
			free(name);
			return read;
		}
	}
	throw_invalid_arg(env, "%s \"%s\" is not one of segmentAdd, segmentDel, portAdd, portDel, portSet, portState, linkAdd, linkDel, linkSet, linkState",
			  what, name);
	free(name);
	return NULL;
}

static void batch_release(struct job *job)
{
	struct batch_job *batch = (struct batch_job *)job;

	if (batch->device)
		vnet_device_release(batch->device);
	free_string_array(batch->netns, batch->count);
	free(batch->ops);
	free(batch);
}

/* "portAdd eth0 in namespace vnet-h1 on segment 3" and the like, for error messages. */
static void describe_op(const struct batch_job *batch, __u32 index, char *out, size_t size)
{
	const struct vnet_op *op = &batch->ops[index];
	int used = snprintf(out, size, "operation %u, %s", index, op_name(op->cmd));

	if (used < 0 || (size_t)used >= size)
		return;
	if (op->cmd == VNET_CMD_PORT_ADD)
		snprintf(out + used, size - used, " \"%s\" in namespace \"%s\"", op->u.port.ifname,
			 batch->netns[index] ? batch->netns[index] : "(the helper's)");
	else if (op->cmd == VNET_CMD_PORT_SET || op->cmd == VNET_CMD_LINK_SET)
		snprintf(out + used, size - used, " of %s %s%u", op->cmd == VNET_CMD_LINK_SET ? "link" : "port",
			 op->u.set.id & VNET_ID_REF ? "created by operation " : "", op->u.set.id & ~VNET_ID_REF);
	else if (op->cmd != VNET_CMD_SEGMENT_ADD && op->cmd != VNET_CMD_LINK_ADD)
		snprintf(out + used, size - used, " %s%u", op->u.del.id & VNET_ID_REF ? "of what operation created: " : "",
			 op->u.del.id & ~VNET_ID_REF);
}

static int open_namespaces(struct batch_job *batch)
{
	char description[160];

	for (__u32 i = 0; i < batch->count; i++) {
		struct failure opened = { 0 };

		if (!batch->netns[i])
			continue;
		batch->ops[i].u.port.netns_fd = netns_open(batch->netns[i], &opened);
		if (batch->ops[i].u.port.netns_fd < 0) {
			describe_op(batch, i, description, sizeof(description));
			batch->job.failure.err = opened.err;
			snprintf(batch->job.failure.message, sizeof(batch->job.failure.message), "vnet batch (%.150s): %.300s",
				 description, opened.message);
			batch->failed_index = i;
			return -1;
		}
	}
	return 0;
}

static void close_namespaces(struct batch_job *batch)
{
	for (__u32 i = 0; i < batch->count; i++)
		if (batch->netns[i] && batch->ops[i].u.port.netns_fd >= 0)
			close(batch->ops[i].u.port.netns_fd);
}

static void batch_run(struct job *job)
{
	struct batch_job *batch = (struct batch_job *)job;
	struct vnet_batch request = {
		.ops = (__u64)(uintptr_t)batch->ops,
		.count = batch->count,
		.op_size = sizeof(struct vnet_op),
	};
	char description[160];

	if (open_namespaces(batch) == 0 && ioctl(batch->device->fd, VNET_IOC_BATCH, &request) < 0) {
		if (request.failed_index < batch->count) {
			batch->failed_index = request.failed_index;
			describe_op(batch, request.failed_index, description, sizeof(description));
			failure_set(&job->failure, errno, "vnet batch of %u (%s)", batch->count, description);
		} else {
			failure_set(&job->failure, errno, "vnet batch of %u operations refused", batch->count);
		}
	}
	close_namespaces(batch);
}

static napi_value batch_result(napi_env env, struct job *job)
{
	struct batch_job *batch = (struct batch_job *)job;
	napi_value ids, id;

	NAPI_CALL(env, napi_create_array_with_length(env, batch->count, &ids));
	for (__u32 i = 0; i < batch->count; i++) {
		const struct vnet_op *op = &batch->ops[i];
		__u32 created = op->cmd == VNET_CMD_SEGMENT_ADD ? op->u.segment.id
				: op->cmd == VNET_CMD_PORT_ADD	? op->u.port.id
				: op->cmd == VNET_CMD_LINK_ADD	? op->u.link.id
								: 0;

		NAPI_CALL(env, napi_create_uint32(env, created, &id));
		NAPI_CALL(env, napi_set_element(env, ids, i, id));
	}
	return ids;
}

static napi_value batch_error(napi_env env, struct job *job)
{
	struct batch_job *batch = (struct batch_job *)job;
	napi_value error = failure_to_error(env, &job->failure);

	if (error && batch->failed_index != NO_FAILED_INDEX && !set_number(env, error, "failedIndex", batch->failed_index))
		return NULL;
	return error;
}

static napi_value read_ops(napi_env env, napi_value ops, struct batch_job *batch)
{
	bool is_array;

	NAPI_CALL(env, napi_is_array(env, ops, &is_array));
	if (!is_array)
		return throw_invalid_arg(env, "vnet batch: ops must be an array");
	NAPI_CALL(env, napi_get_array_length(env, ops, &batch->count));
	if (batch->count > batch->device->max_batch_ops)
		return throw_invalid_arg(env, "vnet batch: %u operations, the module takes at most %u per batch",
					 batch->count, batch->device->max_batch_ops);
	batch->ops = calloc(batch->count ? batch->count : 1, sizeof(*batch->ops));
	batch->netns = calloc((size_t)batch->count + 1, sizeof(*batch->netns));
	if (!batch->ops || !batch->netns)
		return throw_no_memory(env, "vnet batch");
	for (__u32 i = 0; i < batch->count; i++)
		if (!read_op(env, ops, batch, i))
			return NULL;
	return ops;
}

napi_value vnetdev_batch(napi_env env, napi_callback_info info)
{
	size_t argc = 2;
	napi_value argv[2], empty;
	struct vnet_device *device;
	struct batch_job *batch;

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < 2)
		return throw_invalid_arg(env, "vnetBatch(handle, ops) needs a handle and operations");
	device = vnet_device_from_handle(env, argv[0], "vnet batch");
	if (!device)
		return NULL;
	batch = calloc(1, sizeof(*batch));
	if (!batch)
		return throw_no_memory(env, "vnet batch");
	batch->device = device;
	vnet_device_hold(device);
	batch->failed_index = NO_FAILED_INDEX;
	batch->job.run = batch_run;
	batch->job.result = batch_result;
	batch->job.error = batch_error;
	batch->job.release = batch_release;
	if (!read_ops(env, argv[1], batch)) {
		batch_release(&batch->job);
		return NULL;
	}
	if (batch->count == 0) { /* nothing to do: no ioctl, the same (empty) result */
		empty = batch_result(env, &batch->job);
		batch_release(&batch->job);
		return empty ? job_resolved(env, empty) : NULL;
	}
	return job_start(env, &batch->job, "vnet.batch");
}
