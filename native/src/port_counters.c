/*
 * Loading and reading the port counting program (port_counters.h). The object
 * is committed beside its source (native/bpf/) and built into the addon, so
 * neither clang nor a file beside the bundle is needed at run time.
 */
#include "port_counters.h"

#include "bpf_object.h"
#include "libbpf_api.h"
#include "netns.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

__asm__(".section .rodata\n"
	".balign 8\n"
	"port_counters_object:\n"
	".incbin \"" PORT_COUNTERS_OBJECT "\"\n"
	"port_counters_object_end:\n"
	".previous\n");
extern const char port_counters_object[], port_counters_object_end[];

/* One device's totals: struct port_counts of the program. */
enum { COUNT_RX_PACKETS, COUNT_RX_BYTES, COUNT_TX_PACKETS, COUNT_TX_BYTES, COUNT_COLUMNS };
static const char *const count_column_names[COUNT_COLUMNS] = {
	[COUNT_RX_PACKETS] = "rxPackets",
	[COUNT_RX_BYTES] = "rxBytes",
	[COUNT_TX_PACKETS] = "txPackets",
	[COUNT_TX_BYTES] = "txBytes",
};

/* The program's two halves: a frame sent, a frame received. */
#define PROGRAMS 2

struct port_counters {
	struct bpf_object *object;
	struct bpf_link *links[PROGRAMS];
	const __u64 *counts; /* capacity rows of COUNT_COLUMNS, mapped from the kernel's array */
	size_t mapped;
	__u32 capacity;
};

static const napi_type_tag port_counters_tag = { 0x766e65742d706374ULL, 0x41c7d2e98b3a5f10ULL };

static void release(struct port_counters *counters)
{
	for (int i = 0; i < PROGRAMS; i++)
		if (counters->links[i])
			bpf_link__destroy(counters->links[i]);
	if (counters->counts)
		munmap((void *)counters->counts, counters->mapped);
	if (counters->object)
		bpf_object__close(counters->object);
	memset(counters, 0, sizeof(*counters));
}

static void on_handle_finalized(napi_env env, void *data, void *hint)
{
	(void)env;
	(void)hint;
	release(data);
	free(data);
}

/* The namespace's inode number: what the program compares each device's namespace with. */
static int fabric_inode(const char *netns, __u32 *inode, struct failure *failure)
{
	struct stat status;
	int nsfd = netns_open(netns, failure);

	if (nsfd < 0)
		return -1;
	if (fstat(nsfd, &status) == 0)
		*inode = (__u32)status.st_ino;
	else
		failure_set(failure, errno, "namespace \"%s\"", netns);
	close(nsfd);
	return failure->err ? -1 : 0;
}

/* Opens the built-in object with the namespace's identity set and loads it. */
static int load(struct port_counters *counters, __u32 inode, struct failure *failure)
{
	struct bpf_map *settings;
	int err;

	counters->object =
		bpf_object__open_mem(port_counters_object, port_counters_object_end - port_counters_object, NULL);
	if (!counters->object) {
		failure_set(failure, bpf_open_errno(), "opening the port counting program");
		return -1;
	}
	settings = bpf_object__find_map_by_name(counters->object, ".rodata");
	err = settings ? bpf_map__set_initial_value(settings, &inode, sizeof(inode)) : -ENOENT;
	if (!err)
		err = bpf_object__load(counters->object);
	if (err)
		failure_set(failure, -err, "loading the port counting program");
	return err ? -1 : 0;
}

/* Maps the totals, then attaches: from here every frame of the namespace's devices is counted. */
static int start(struct port_counters *counters, struct failure *failure)
{
	struct bpf_map *counts = bpf_object__find_map_by_name(counters->object, "counts");
	struct bpf_program *program = NULL;
	void *mapped;
	int attached = 0;

	if (!counts || bpf_map__value_size(counts) != COUNT_COLUMNS * sizeof(__u64)) {
		failure_set(failure, EPROTO, "the port counting program's array is not the one this addon reads");
		return -1;
	}
	counters->capacity = bpf_map__max_entries(counts);
	counters->mapped = (size_t)counters->capacity * COUNT_COLUMNS * sizeof(__u64);
	mapped = mmap(NULL, counters->mapped, PROT_READ, MAP_SHARED, bpf_map__fd(counts), 0);
	if (mapped == MAP_FAILED) {
		failure_set(failure, errno, "mapping the port counters");
		return -1;
	}
	counters->counts = mapped;
	while ((program = bpf_object__next_program(counters->object, program)) && attached < PROGRAMS) {
		counters->links[attached] = bpf_program__attach(program);
		if (!counters->links[attached]) {
			failure_set(failure, errno, "attaching %s", bpf_program__section_name(program));
			return -1;
		}
		attached++;
	}
	return 0;
}

static napi_value opened(napi_env env, struct port_counters *counters)
{
	napi_value result, handle;

	NAPI_CALL(env, napi_create_object(env, &result));
	if (napi_create_external(env, counters, on_handle_finalized, NULL, &handle) != napi_ok) {
		release(counters);
		free(counters);
		return throw_no_memory(env, "a port counters handle");
	}
	NAPI_CALL(env, napi_type_tag_object(env, handle, &port_counters_tag));
	NAPI_CALL(env, napi_set_named_property(env, result, "handle", handle));
	if (!set_number(env, result, "capacity", counters->capacity))
		return NULL;
	return result;
}

napi_value port_counters_open(napi_env env, napi_callback_info info)
{
	size_t argc = 1;
	napi_value argv[1];
	char *netns = NULL;
	struct failure failure = { 0 };
	struct port_counters *counters;
	const char *said;
	__u32 inode = 0;

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < 1)
		return throw_invalid_arg(env, "portCountersOpen: netns is required");
	if (!read_string(env, argv[0], "portCountersOpen: netns", &netns) ||
	    !netns_check_name(env, netns, "portCountersOpen: netns")) {
		free(netns);
		return NULL;
	}
	counters = calloc(1, sizeof(*counters));
	if (!counters) {
		free(netns);
		return throw_no_memory(env, "port counters");
	}
	bpf_loading_begin();
	if (fabric_inode(netns, &inode, &failure) == 0 && load(counters, inode, &failure) == 0)
		start(counters, &failure);
	said = bpf_loading_end();
	free(netns);
	if (failure.err) {
		napi_value error = failure_with_detail(env, &failure, said);

		release(counters);
		free(counters);
		if (error)
			napi_throw(env, error);
		return NULL;
	}
	return opened(env, counters);
}

static napi_value read_typed(napi_env env, napi_value value, napi_typedarray_type type, const char *what,
			     void **data, size_t *length)
{
	napi_typedarray_type actual;
	bool is_typed = false;

	NAPI_CALL(env, napi_is_typedarray(env, value, &is_typed));
	if (is_typed)
		NAPI_CALL(env, napi_get_typedarray_info(env, value, &actual, length, data, NULL, NULL));
	if (!is_typed || actual != type)
		return throw_invalid_arg(env, "portCountersRead: %s must be a %s", what,
					 type == napi_int32_array ? "Int32Array" : "Float64Array");
	return value;
}

napi_value port_counters_read(napi_env env, napi_callback_info info)
{
	size_t argc = 4, count = 0, rows = 0, room = 0;
	napi_value argv[4], result;
	struct port_counters *counters;
	int32_t *ifindexes = NULL, *changed = NULL;
	double *out = NULL;
	uint32_t changes = 0;

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < 4)
		return throw_invalid_arg(env, "portCountersRead: handle, ifindexes, out and changed are required");
	counters = tagged_external(env, argv[0], &port_counters_tag, "portCountersRead", "port counters handle");
	if (!counters || !read_typed(env, argv[1], napi_int32_array, "ifindexes", (void **)&ifindexes, &count) ||
	    !read_typed(env, argv[2], napi_float64_array, "out", (void **)&out, &rows) ||
	    !read_typed(env, argv[3], napi_int32_array, "changed", (void **)&changed, &room))
		return NULL;
	if (!counters->counts)
		return throw_invalid_arg(env, "portCountersRead: the port counters are closed");
	if (rows != count * COUNT_COLUMNS)
		return throw_invalid_arg(env, "portCountersRead: out must hold %d values per ifindex", COUNT_COLUMNS);
	if (room < count)
		return throw_invalid_arg(env, "portCountersRead: changed must hold one value per ifindex");
	for (size_t i = 0; i < count; i++) {
		__u32 index = (__u32)ifindexes[i];
		const __u64 *row = index < counters->capacity ? &counters->counts[(size_t)index * COUNT_COLUMNS] : NULL;
		double *into = &out[i * COUNT_COLUMNS];
		bool same = true;

		for (int k = 0; k < COUNT_COLUMNS; k++) {
			double value = row ? (double)row[k] : 0;

			same = same && into[k] == value;
			into[k] = value;
		}
		if (!same)
			changed[changes++] = (int32_t)i;
	}
	NAPI_CALL(env, napi_create_uint32(env, changes, &result));
	return result;
}

napi_value port_counters_close(napi_env env, napi_callback_info info)
{
	size_t argc = 1;
	napi_value argv[1];
	struct port_counters *counters;

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < 1)
		return throw_invalid_arg(env, "portCountersClose: handle is required");
	counters = tagged_external(env, argv[0], &port_counters_tag, "portCountersClose", "port counters handle");
	if (counters)
		release(counters);
	return NULL;
}

napi_value port_counters_layout(napi_env env)
{
	return row_layout(env, count_column_names, COUNT_COLUMNS);
}
