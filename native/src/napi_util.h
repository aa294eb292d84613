/*
 * Shared N-API plumbing: a checked-call macro, errno-carrying errors,
 * argument readers and promise-returning jobs run on the libuv pool.
 */
#ifndef VNET_NAPI_UTIL_H
#define VNET_NAPI_UTIL_H

#include <node_api.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Every napi_* call goes through this: on failure a JS exception is pending and the caller returns NULL. */
#define NAPI_CALL(env, call)                                                                                           \
	do {                                                                                                           \
		napi_status napi_call_status_ = (call);                                                                \
		if (napi_call_status_ != napi_ok) {                                                                    \
			throw_napi_failure((env), #call, napi_call_status_);                                           \
			return NULL;                                                                                   \
		}                                                                                                      \
	} while (0)

/* Same, for callbacks that return nothing. */
#define NAPI_CALL_VOID(env, call)                                                                                      \
	do {                                                                                                           \
		napi_status napi_call_status_ = (call);                                                                \
		if (napi_call_status_ != napi_ok) {                                                                    \
			throw_napi_failure((env), #call, napi_call_status_);                                           \
			return;                                                                                        \
		}                                                                                                      \
	} while (0)

#define FAILURE_MESSAGE_MAX 512

/* What went wrong on a worker thread (or in a child), turned into a JS Error on the JS thread. */
struct failure {
	int err; /* errno; 0 means success */
	char message[FAILURE_MESSAGE_MAX];
};

/* Records err and "<formatted context>: <strerror(err)>"; keeps the first failure. */
void failure_set(struct failure *failure, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

void throw_napi_failure(napi_env env, const char *call, napi_status status);
/* An Error whose message is failure->message and whose code is the errno name (e.g. "EEXIST"). */
napi_value failure_to_error(napi_env env, const struct failure *failure);
/* Throws failure_to_error(); returns NULL so callers can `return throw_failure(...)`. */
napi_value throw_failure(napi_env env, const struct failure *failure);
/* Throws a TypeError with code ERR_INVALID_ARG_VALUE for bad input from JS. */
napi_value throw_invalid_arg(napi_env env, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Throws an ENOMEM Error naming what could not be allocated; returns NULL. */
napi_value throw_no_memory(napi_env env, const char *what, ...) __attribute__((format(printf, 2, 3)));

/*
 * Argument readers: return NULL with an exception pending on bad input. read_string, read_int64,
 * read_uint32 and read_property write their out-parameter on every path (NULL or 0 on failure), so a
 * caller never branches on an unset one. Strings are malloc'ed.
 */
napi_value read_string(napi_env env, napi_value value, const char *what, char **out);
napi_value read_string_array(napi_env env, napi_value value, const char *what, char ***out, uint32_t *count);
void free_string_array(char **strings, uint32_t count);
napi_value read_int64(napi_env env, napi_value value, const char *what, int64_t *out);
napi_value read_uint32(napi_env env, napi_value value, const char *what, uint32_t *out);
/* An array of at most max uint32s into a malloc'ed *out (never NULL on success, even when empty). */
napi_value read_uint32_array(napi_env env, napi_value value, const char *what, uint32_t max, uint32_t **out,
			     uint32_t *count);
/* Reads object[key]; *out is NULL when the property is undefined or null. */
napi_value read_property(napi_env env, napi_value object, const char *key, napi_value *out);
/* Reads object[key] as a boolean; *out is false when the property is undefined or null. */
napi_value read_optional_bool(napi_env env, napi_value object, const char *key, bool *out);

/*
 * The pointer inside an external that was tagged with napi_type_tag_object(tag); NULL with a TypeError
 * ("<what>: not a <kind>") pending for any other value, an untagged or differently tagged external included.
 */
void *tagged_external(napi_env env, napi_value value, const napi_type_tag *tag, const char *what, const char *kind);

napi_value set_number(napi_env env, napi_value object, const char *key, double number);
/* object[names[i]] = first + i for each of count names: the columns of a row layout, for JS. */
napi_value set_columns(napi_env env, napi_value object, const char *const *names, int count, int first);
/* A new row layout for JS: { width: count, names[i]: i }. */
napi_value row_layout(napi_env env, const char *const *names, int count);
/* A Float64Array of count values; *data points at them, for the caller to fill. Counter rows use it. */
napi_value create_float64_array(napi_env env, size_t count, double **data);
napi_value set_string(napi_env env, napi_value object, const char *key, const char *string);

/*
 * A promise-returning job: run() on a pool thread, then result() on the JS
 * thread when failure.err is 0. Embed as the first member of a larger struct.
 */
struct job {
	napi_async_work work;
	napi_deferred deferred;
	struct failure failure;
	void (*run)(struct job *job);
	napi_value (*result)(napi_env env, struct job *job); /* NULL resolves undefined */
	napi_value (*error)(napi_env env, struct job *job);  /* NULL rejects with failure_to_error() */
	void (*release)(struct job *job);                    /* frees the whole job */
};

/* A promise already resolved with value (for calls with nothing to do). */
napi_value job_resolved(napi_env env, napi_value value);

/* Queues job and returns its promise; on failure releases job and returns NULL. */
napi_value job_start(napi_env env, struct job *job, const char *name);

#endif
