/*
 * Users' eBPF programs for links (bpf_object.h): loaded from an ELF object
 * with libbpf, their maps read as counters, attached to a tc hook inside a
 * namespace. Only the root helper calls these. A load keeps duplicates of
 * the program's and maps' descriptors and closes the object at once: the
 * kernel objects live as long as those descriptors (closed from JS).
 */
#include "bpf_object.h"

#include "libbpf_api.h"
#include "netns.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The verifier's log of one load; a refusal longer than this is cut (it says so). */
#define VERIFIER_LOG_MAX (1024 * 1024)
/* What libbpf says while opening and loading one object, for a refusal that is libbpf's and not the verifier's. */
#define LIBBPF_SAID_MAX 4096
#define MAPS_MAX 16

struct loaded_map {
	char name[64];
	enum bpf_map_type type;
	__u32 key_size, value_size, max_entries;
	int fd;
};

struct load {
	/* The object's bytes, read from path (named in messages) by the caller. */
	const void *bytes;
	size_t size;
	const char *path, *section;
	struct bpf_object *object;
	struct bpf_program *program;
	char *log;
	int prog_fd;
	struct loaded_map maps[MAPS_MAX];
	int map_count;
	struct failure failure;
};

/* libbpf's print callback is process-wide: set only while the JS thread opens and loads, which nothing else does. */
static char libbpf_said[LIBBPF_SAID_MAX];
static sigset_t signals_before;

static int keep_libbpf_warnings(enum libbpf_print_level level, const char *format, va_list args)
{
	size_t used = strlen(libbpf_said);

	if (level == LIBBPF_WARN && used + 1 < sizeof(libbpf_said))
		vsnprintf(libbpf_said + used, sizeof(libbpf_said) - used, format, args);
	return 0;
}

/*
 * The verifier gives up (EAGAIN) when a signal is pending for the loading thread: a profiler's SIGPROF,
 * a child's SIGCHLD. Held back while loading, they arrive after.
 */
void bpf_loading_begin(void)
{
	sigset_t all;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &signals_before);
	libbpf_said[0] = '\0';
	libbpf_set_print(keep_libbpf_warnings);
}

const char *bpf_loading_end(void)
{
	libbpf_set_print(NULL);
	pthread_sigmask(SIG_SETMASK, &signals_before, NULL);
	return libbpf_said;
}

/* libbpf's own codes have no strerror: what it printed (bpf_loading_end) says why. */
int bpf_open_errno(void)
{
	return errno >= 4000 ? ENOEXEC : errno;
}

napi_value failure_with_detail(napi_env env, const struct failure *failure, const char *detail)
{
	size_t size = strlen(failure->message) + strlen(detail) + 2;
	char *text = malloc(size);
	napi_value error = NULL, message;

	if (!text)
		return failure_to_error(env, failure);
	snprintf(text, size, "%s%s%s", failure->message, detail[0] ? "\n" : "", detail);
	struct failure whole = { .err = failure->err };
	error = failure_to_error(env, &whole);
	if (error && napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &message) == napi_ok)
		napi_set_named_property(env, error, "message", message);
	free(text);
	return error;
}

/* A refusal that is not an errno's: the message as given, no strerror appended. */
static void refuse(struct failure *failure, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void refuse(struct failure *failure, int err, const char *fmt, ...)
{
	va_list args;

	failure->err = err;
	va_start(args, fmt);
	vsnprintf(failure->message, sizeof(failure->message), fmt, args);
	va_end(args);
}

static const char *program_type_name(enum bpf_prog_type type)
{
	switch (type) {
	case BPF_PROG_TYPE_SOCKET_FILTER:
		return "socket_filter";
	case BPF_PROG_TYPE_KPROBE:
		return "kprobe";
	case BPF_PROG_TYPE_SCHED_CLS:
		return "sched_cls";
	case BPF_PROG_TYPE_SCHED_ACT:
		return "sched_act";
	case BPF_PROG_TYPE_TRACEPOINT:
		return "tracepoint";
	case BPF_PROG_TYPE_XDP:
		return "xdp";
	case BPF_PROG_TYPE_CGROUP_SKB:
		return "cgroup_skb";
	default:
		return "another type";
	}
}

/* Picks the program of the section (the others are not loaded) and checks its type; fills failure otherwise. */
static void pick_program(struct load *load)
{
	char sections[256] = "";
	struct bpf_program *program = NULL;

	while ((program = bpf_object__next_program(load->object, program))) {
		const char *name = bpf_program__section_name(program);
		size_t used = strlen(sections);

		if (!load->program && strcmp(name, load->section) == 0)
			load->program = program;
		else
			bpf_program__set_autoload(program, false);
		snprintf(sections + used, sizeof(sections) - used, "%s\"%s\"", used ? ", " : "", name);
	}
	if (!load->program)
		return refuse(&load->failure, ENOENT, "%s has no section \"%s\" (its programs' sections: %s)", load->path,
			      load->section, sections[0] ? sections : "none");
	if (bpf_program__type(load->program) != BPF_PROG_TYPE_SCHED_CLS)
		refuse(&load->failure, EINVAL,
		       "section \"%s\" of %s holds a program of type %s: a link takes sched_cls (tc classifier) programs", load->section,
		       load->path, program_type_name(bpf_program__type(load->program)));
}

/* Duplicates of the descriptors the JS side keeps; the object's own close with it. */
static void keep_descriptors(struct load *load)
{
	struct bpf_map *map = NULL;

	load->prog_fd = fcntl(bpf_program__fd(load->program), F_DUPFD_CLOEXEC, 0);
	if (load->prog_fd < 0)
		return failure_set(&load->failure, errno, "%s: keeping the program's descriptor", load->path);
	while ((map = bpf_object__next_map(load->object, map)) && load->map_count < MAPS_MAX) {
		struct loaded_map *kept = &load->maps[load->map_count];

		/* Maps libbpf makes for global data (".bss", ".rodata") are the program's variables, not counters. */
		if (strchr(bpf_map__name(map), '.'))
			continue;
		snprintf(kept->name, sizeof(kept->name), "%s", bpf_map__name(map));
		kept->type = bpf_map__type(map);
		kept->key_size = bpf_map__key_size(map);
		kept->value_size = bpf_map__value_size(map);
		kept->max_entries = bpf_map__max_entries(map);
		kept->fd = fcntl(bpf_map__fd(map), F_DUPFD_CLOEXEC, 0);
		if (kept->fd < 0)
			return failure_set(&load->failure, errno, "%s: keeping map \"%s\"'s descriptor", load->path,
					   kept->name);
		load->map_count++;
	}
}

/* The name libbpf gives an object it opens from a file (its global data maps' names begin with it): the file's name to its first '.'. */
static void object_name(const char *path, char *name, size_t size)
{
	const char *base = strrchr(path, '/');

	snprintf(name, size, "%s", base ? base + 1 : path);
	name[strcspn(name, ".")] = '\0';
}

static void load_object(struct load *load)
{
	char name[64];
	struct bpf_object_open_opts opts = { .sz = sizeof(opts), .object_name = name };
	int err;

	object_name(load->path, name, sizeof(name));
	bpf_loading_begin();
	load->object = bpf_object__open_mem(load->bytes, load->size, &opts);
	if (!load->object) {
		failure_set(&load->failure, bpf_open_errno(), "%s: cannot open it as an eBPF object",
			    load->path);
		goto out;
	}
	pick_program(load);
	if (load->failure.err)
		goto out;
	load->log = calloc(1, VERIFIER_LOG_MAX);
	if (!load->log) {
		failure_set(&load->failure, ENOMEM, "%s: a buffer for the verifier's log", load->path);
		goto out;
	}
	bpf_program__set_log_buf(load->program, load->log, VERIFIER_LOG_MAX);
	err = bpf_object__load(load->object);
	if (err) {
		failure_set(&load->failure, -err, "the kernel refused section \"%s\" of %s", load->section, load->path);
		goto out;
	}
	keep_descriptors(load);
out:
	bpf_loading_end();
}

static void release_load(struct load *load)
{
	if (load->failure.err) {
		if (load->prog_fd > 0)
			close(load->prog_fd);
		for (int i = 0; i < load->map_count; i++)
			close(load->maps[i].fd);
	}
	if (load->object)
		bpf_object__close(load->object);
	free(load->log);
}

/* The refusal with what explains it whole: the verifier's log, else what libbpf said. */
static napi_value load_error(napi_env env, const struct load *load)
{
	return failure_with_detail(env, &load->failure, load->log && load->log[0] ? load->log : libbpf_said);
}

static const char *map_type_name(enum bpf_map_type type)
{
	switch (type) {
	case BPF_MAP_TYPE_ARRAY:
		return "array";
	case BPF_MAP_TYPE_PERCPU_ARRAY:
		return "percpuArray";
	case BPF_MAP_TYPE_HASH:
		return "hash";
	case BPF_MAP_TYPE_PERCPU_HASH:
		return "percpuHash";
	default:
		return "other";
	}
}

static napi_value loaded_result(napi_env env, const struct load *load)
{
	napi_value result, maps, map;

	NAPI_CALL(env, napi_create_object(env, &result));
	NAPI_CALL(env, napi_create_array_with_length(env, load->map_count, &maps));
	for (int i = 0; i < load->map_count; i++) {
		const struct loaded_map *kept = &load->maps[i];

		NAPI_CALL(env, napi_create_object(env, &map));
		if (!set_string(env, map, "name", kept->name) ||
		    !set_string(env, map, "type", map_type_name(kept->type)) ||
		    !set_number(env, map, "keySize", kept->key_size) ||
		    !set_number(env, map, "valueSize", kept->value_size) ||
		    !set_number(env, map, "maxEntries", kept->max_entries) || !set_number(env, map, "fd", kept->fd))
			return NULL;
		NAPI_CALL(env, napi_set_element(env, maps, i, map));
	}
	if (!set_number(env, result, "fd", load->prog_fd))
		return NULL;
	NAPI_CALL(env, napi_set_named_property(env, result, "maps", maps));
	return result;
}

napi_value bpf_object_load(napi_env env, napi_callback_info info)
{
	size_t argc = 3;
	napi_value argv[3], result = NULL;
	char *path = NULL, *section = NULL;
	struct load load = { .prog_fd = -1 };
	bool is_buffer;

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < 3)
		return throw_invalid_arg(env, "bpfLoad: path, bytes and section are required");
	NAPI_CALL(env, napi_is_buffer(env, argv[1], &is_buffer));
	if (!is_buffer)
		return throw_invalid_arg(env, "bpfLoad: bytes must be a Buffer");
	NAPI_CALL(env, napi_get_buffer_info(env, argv[1], (void **)&load.bytes, &load.size));
	if (read_string(env, argv[0], "bpfLoad: path", &path) &&
	    read_string(env, argv[2], "bpfLoad: section", &section)) {
		load.path = path;
		load.section = section;
		load_object(&load);
		if (load.failure.err) {
			napi_value error = load_error(env, &load);
			if (error)
				napi_throw(env, error);
		} else {
			result = loaded_result(env, &load);
		}
		release_load(&load);
	}
	free(path);
	free(section);
	return result;
}

static __u64 value_at(const unsigned char *value, __u32 size)
{
	__u64 number = 0;

	memcpy(&number, value, size < sizeof(number) ? size : sizeof(number));
	return number;
}

/* One entry's value: the first 8 bytes (little endian), summed over the CPUs of a per-CPU map. */
static double entry_value(const unsigned char *values, __u32 value_size, int cpus)
{
	size_t stride = (value_size + 7) & ~(size_t)7;
	double sum = 0;

	for (int cpu = 0; cpu < cpus; cpu++)
		sum += (double)value_at(values + cpu * stride, value_size);
	return sum;
}

napi_value bpf_map_read(napi_env env, napi_callback_info info)
{
	size_t argc = 5;
	napi_value argv[5], array;
	uint32_t fd, key_size, value_size, per_cpu, limit, count = 0;
	unsigned char key[8] = { 0 }, next[8] = { 0 }, *values;
	double *rows, *out;
	int cpus = 1;
	bool first = true;

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < 5)
		return throw_invalid_arg(env, "bpfMapRead: fd, keySize, valueSize, perCpu and limit are required");
	if (!read_uint32(env, argv[0], "bpfMapRead: fd", &fd) ||
	    !read_uint32(env, argv[1], "bpfMapRead: keySize", &key_size) ||
	    !read_uint32(env, argv[2], "bpfMapRead: valueSize", &value_size) ||
	    !read_uint32(env, argv[3], "bpfMapRead: perCpu", &per_cpu) ||
	    !read_uint32(env, argv[4], "bpfMapRead: limit", &limit))
		return NULL;
	if (key_size == 0 || key_size > sizeof(key) || value_size == 0 || limit > 1024)
		return throw_invalid_arg(env, "bpfMapRead: keys of 1 to 8 bytes, values of 1 byte or more, 1024 at most");
	if (per_cpu) {
		cpus = libbpf_num_possible_cpus();
		if (cpus < 1)
			return throw_invalid_arg(env, "bpfMapRead: cannot tell how many CPUs are possible");
	}
	values = calloc(cpus, (value_size + 7) & ~7u);
	rows = calloc((size_t)limit * 2 + 1, sizeof(*rows));
	if (!values || !rows) {
		free(values);
		free(rows);
		return throw_no_memory(env, "bpfMapRead: %u entries", limit);
	}
	/* get_next_key from no key gives the first: arrays and hashes alike. */
	while (count < limit && bpf_map_get_next_key(fd, first ? NULL : key, next) == 0) {
		first = false;
		memcpy(key, next, key_size);
		if (bpf_map_lookup_elem(fd, key, values) != 0)
			continue;
		rows[count * 2] = (double)value_at(key, key_size);
		rows[count * 2 + 1] = entry_value(values, value_size, cpus);
		count++;
	}
	free(values);
	array = create_float64_array(env, (size_t)count * 2, &out);
	if (array)
		memcpy(out, rows, (size_t)count * 2 * sizeof(*rows));
	free(rows);
	return array;
}

struct tc_call {
	const char *ifname;
	enum bpf_tc_attach_point hook;
	uint32_t priority;
	int prog_fd; /* -1: detach */
	struct failure *failure;
};

static void tc_inside(void *arg)
{
	struct tc_call *call = arg;
	struct bpf_tc_hook hook = { .sz = sizeof(hook), .attach_point = call->hook };
	struct bpf_tc_opts opts = { .sz = sizeof(opts), .handle = 1, .priority = call->priority };
	const char *where = call->hook == BPF_TC_INGRESS ? "ingress" : "egress";
	int err;

	hook.ifindex = (int)if_nametoindex(call->ifname);
	if (!hook.ifindex)
		return failure_set(call->failure, errno, "%s: no such device", call->ifname);
	if (call->prog_fd < 0) {
		err = bpf_tc_detach(&hook, &opts);
		if (err && err != -ENOENT)
			failure_set(call->failure, -err, "%s %s: detaching the program", call->ifname, where);
		return;
	}
	err = bpf_tc_hook_create(&hook);
	if (err && err != -EEXIST)
		return failure_set(call->failure, -err, "%s: adding a clsact qdisc", call->ifname);
	opts.prog_fd = call->prog_fd;
	opts.flags = BPF_TC_F_REPLACE;
	err = bpf_tc_attach(&hook, &opts);
	if (err)
		failure_set(call->failure, -err, "%s %s: attaching the program", call->ifname, where);
}

napi_value bpf_tc_set(napi_env env, napi_callback_info info)
{
	size_t argc = 5;
	napi_value argv[5];
	char *netns = NULL, *ifname = NULL, *hook = NULL;
	uint32_t priority = 0;
	int64_t fd = -1;
	struct failure failure = { 0 };
	struct tc_call call = { .failure = &failure };
	int nsfd;

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < 5)
		return throw_invalid_arg(env, "bpfTcSet: netns, ifname, hook, priority and fd are required");
	if (!read_string(env, argv[0], "bpfTcSet: netns", &netns) || !netns_check_name(env, netns, "bpfTcSet: netns") ||
	    !read_string(env, argv[1], "bpfTcSet: ifname", &ifname) ||
	    !read_string(env, argv[2], "bpfTcSet: hook", &hook) ||
	    !read_uint32(env, argv[3], "bpfTcSet: priority", &priority) ||
	    !read_int64(env, argv[4], "bpfTcSet: fd", &fd))
		goto out;
	if (strcmp(hook, "ingress") != 0 && strcmp(hook, "egress") != 0) {
		throw_invalid_arg(env, "bpfTcSet: hook must be \"ingress\" or \"egress\", not \"%s\"", hook);
		goto out;
	}
	call.ifname = ifname;
	call.hook = hook[0] == 'i' ? BPF_TC_INGRESS : BPF_TC_EGRESS;
	call.priority = priority;
	call.prog_fd = fd < 0 ? -1 : (int)fd;
	nsfd = netns_open(netns, &failure);
	if (nsfd >= 0) {
		netns_run_inside(nsfd, netns, tc_inside, &call, &failure);
		close(nsfd);
	}
	if (failure.err)
		throw_failure(env, &failure);
out:
	free(netns);
	free(ifname);
	free(hook);
	return NULL;
}
