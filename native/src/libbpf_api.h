/*
 * The part of libbpf's API (libbpf.so.1, which iproute2 depends on) that
 * bpf_object.c and port_counters.c call, declared here so the addon builds without libbpf-dev:
 * `npm install` builds it before any test dependency is installed. Every
 * function is in libbpf's stable LIBBPF_0.x/1.x symbol sets; the two option
 * structs carry their own size (sz), as libbpf's ABI rules ask, so a newer
 * libbpf reads them as this layout.
 */
#ifndef VNET_LIBBPF_API_H
#define VNET_LIBBPF_API_H

#include <linux/bpf.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct bpf_object;
struct bpf_program;
struct bpf_map;
struct bpf_link;

enum libbpf_print_level { LIBBPF_WARN, LIBBPF_INFO, LIBBPF_DEBUG };
typedef int (*libbpf_print_fn_t)(enum libbpf_print_level level, const char *format, va_list args);
libbpf_print_fn_t libbpf_set_print(libbpf_print_fn_t fn);

/* The leading fields of libbpf's options for opening an object; the fields after them left out (zero). */
struct bpf_object_open_opts {
	size_t sz;
	const char *object_name;
	size_t : 0;
};

/* NULL with errno set on failure (libbpf 1.0 error mode). */
struct bpf_object *bpf_object__open_mem(const void *obj_buf, size_t obj_buf_sz, const struct bpf_object_open_opts *opts);
int bpf_object__load(struct bpf_object *object);
void bpf_object__close(struct bpf_object *object);

struct bpf_program *bpf_object__next_program(const struct bpf_object *object, struct bpf_program *program);
const char *bpf_program__section_name(const struct bpf_program *program);
enum bpf_prog_type bpf_program__type(const struct bpf_program *program);
int bpf_program__set_autoload(struct bpf_program *program, bool autoload);
int bpf_program__set_log_buf(struct bpf_program *program, char *log_buf, size_t log_size);
int bpf_program__fd(const struct bpf_program *program);
/* Attaches as the program's section says (tp_btf/<tracepoint>, ...); NULL with errno set on failure. */
struct bpf_link *bpf_program__attach(const struct bpf_program *program);
int bpf_link__destroy(struct bpf_link *link);

struct bpf_map *bpf_object__next_map(const struct bpf_object *object, const struct bpf_map *map);
/* A global data map by its section's name (".rodata"), any other by its own. */
struct bpf_map *bpf_object__find_map_by_name(const struct bpf_object *object, const char *name);
/* Before the load: the map's contents (a global data map's variables); size must be the map's. */
int bpf_map__set_initial_value(struct bpf_map *map, const void *data, size_t size);
const char *bpf_map__name(const struct bpf_map *map);
enum bpf_map_type bpf_map__type(const struct bpf_map *map);
__u32 bpf_map__key_size(const struct bpf_map *map);
__u32 bpf_map__value_size(const struct bpf_map *map);
__u32 bpf_map__max_entries(const struct bpf_map *map);
int bpf_map__fd(const struct bpf_map *map);

int bpf_map_lookup_elem(int fd, const void *key, void *value);
int bpf_map_get_next_key(int fd, const void *key, void *next_key);
int libbpf_num_possible_cpus(void);

enum bpf_tc_attach_point { BPF_TC_INGRESS = 1 << 0, BPF_TC_EGRESS = 1 << 1, BPF_TC_CUSTOM = 1 << 2 };
#define BPF_TC_F_REPLACE (1 << 0)

struct bpf_tc_hook {
	size_t sz;
	int ifindex;
	enum bpf_tc_attach_point attach_point;
	__u32 parent;
	size_t : 0;
};

struct bpf_tc_opts {
	size_t sz;
	int prog_fd;
	__u32 flags;
	__u32 prog_id;
	__u32 handle;
	__u32 priority;
	size_t : 0;
};

/* Negative errno on failure; a clsact qdisc that exists already is -EEXIST. */
int bpf_tc_hook_create(struct bpf_tc_hook *hook);
int bpf_tc_attach(const struct bpf_tc_hook *hook, struct bpf_tc_opts *opts);
int bpf_tc_detach(const struct bpf_tc_hook *hook, const struct bpf_tc_opts *opts);

#endif
