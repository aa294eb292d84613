#include "child_watch.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/wait.h>
#include <unistd.h>
#include <uv.h>

#ifndef P_PIDFD
#define P_PIDFD 3 /* glibc 2.36 names it only in <linux/wait.h>, which clashes with <sys/wait.h> */
#endif

struct child_watch {
	napi_env env;
	uv_poll_t poll;
	pid_t pid;
	int pidfd; /* closed only once libuv has let go of the poll handle */
	bool reaped;
	napi_ref on_exit;
	napi_async_context async_context;
	bool poll_closed;     /* uv_close() finished */
	bool handle_released; /* the JS handle was garbage-collected */
};

static void maybe_free(struct child_watch *watch)
{
	if (watch->poll_closed && watch->handle_released)
		free(watch);
}

static void on_poll_closed(uv_handle_t *handle)
{
	struct child_watch *watch = handle->data;

	/* Not earlier: libuv unregisters the descriptor while closing, and a reused number would be hit. */
	close(watch->pidfd);
	watch->poll_closed = true;
	maybe_free(watch);
}

static void on_handle_finalized(napi_env env, void *data, void *hint)
{
	struct child_watch *watch = data;

	(void)env;
	(void)hint;
	watch->handle_released = true;
	maybe_free(watch);
}

static void env_cleanup(void *data);

/* Stops watching: closes the poll handle, then the pidfd (freed once JS also lets go). */
static void stop_watching(struct child_watch *watch)
{
	napi_remove_env_cleanup_hook(watch->env, env_cleanup, watch);
	uv_close((uv_handle_t *)&watch->poll, on_poll_closed);
}

/* The environment is going away (e.g. a worker thread ends) with the child still running. */
static void env_cleanup(void *data)
{
	struct child_watch *watch = data;

	uv_poll_stop(&watch->poll);
	stop_watching(watch);
}

static napi_value exit_arguments(napi_env env, const siginfo_t *info, napi_value args[2])
{
	char signal_name[32];
	const char *abbrev;

	NAPI_CALL(env, napi_get_null(env, &args[0]));
	NAPI_CALL(env, napi_get_null(env, &args[1]));
	if (info->si_code == CLD_EXITED) {
		NAPI_CALL(env, napi_create_int32(env, info->si_status, &args[0]));
	} else {
		abbrev = sigabbrev_np(info->si_status);
		if (abbrev)
			snprintf(signal_name, sizeof(signal_name), "SIG%s", abbrev);
		else
			snprintf(signal_name, sizeof(signal_name), "%d", info->si_status);
		NAPI_CALL(env, napi_create_string_utf8(env, signal_name, NAPI_AUTO_LENGTH, &args[1]));
	}
	return args[0];
}

static void report_exit(struct child_watch *watch, const siginfo_t *info)
{
	napi_env env = watch->env;
	napi_handle_scope scope;
	napi_value callback, receiver, args[2];

	if (napi_open_handle_scope(env, &scope) != napi_ok)
		return;
	/* napi_make_callback runs microtasks afterwards, so awaiting code resumes promptly. */
	if (exit_arguments(env, info, args) && napi_get_reference_value(env, watch->on_exit, &callback) == napi_ok &&
	    napi_get_global(env, &receiver) == napi_ok) /* napi_make_callback wants an object */
		napi_make_callback(env, watch->async_context, receiver, callback, 2, args, NULL);
	napi_delete_reference(env, watch->on_exit);
	napi_async_destroy(env, watch->async_context);
	napi_close_handle_scope(env, scope);
}

static void on_pidfd_readable(uv_poll_t *poll, int status, int events)
{
	struct child_watch *watch = poll->data;
	siginfo_t info;

	(void)status;
	(void)events;
	memset(&info, 0, sizeof(info));
	if (waitid(P_PIDFD, watch->pidfd, &info, WEXITED | WNOHANG) < 0) {
		if (errno == EINTR)
			return;
		/* Someone else reaped it: report what we can rather than hang forever. */
		info.si_code = CLD_KILLED;
		info.si_status = SIGKILL;
	} else if (info.si_pid == 0) {
		return; /* not yet */
	}
	watch->reaped = true;
	uv_poll_stop(poll);
	stop_watching(watch);
	report_exit(watch, &info);
}

static int start_polling(napi_env env, struct child_watch *watch, struct failure *failure)
{
	uv_loop_t *loop;
	int err;

	if (napi_get_uv_event_loop(env, &loop) != napi_ok) {
		failure_set(failure, EINVAL, "spawn: no event loop");
		return -1;
	}
	watch->pidfd = pidfd_open(watch->pid, 0);
	if (watch->pidfd < 0) {
		failure_set(failure, errno, "spawn: pidfd_open(%d)", (int)watch->pid);
		return -1;
	}
	err = uv_poll_init(loop, &watch->poll, watch->pidfd);
	if (err) {
		failure_set(failure, -err, "spawn: watching process %d", (int)watch->pid);
		close(watch->pidfd);
		return -1;
	}
	watch->poll.data = watch;
	err = uv_poll_start(&watch->poll, UV_READABLE, on_pidfd_readable);
	if (err) {
		failure_set(failure, -err, "spawn: watching process %d", (int)watch->pid);
		watch->handle_released = true; /* no JS handle yet: free on close */
		stop_watching(watch);
		return -1;
	}
	napi_add_env_cleanup_hook(env, env_cleanup, watch);
	return 0;
}

napi_value child_watch_start(napi_env env, pid_t pid, napi_value on_exit)
{
	struct child_watch *watch;
	struct failure failure = { 0 };
	napi_value handle, resource_name;
	char name[32];

	watch = calloc(1, sizeof(*watch));
	if (!watch)
		return throw_no_memory(env, "spawn");
	watch->env = env;
	watch->pid = pid;
	if (start_polling(env, watch, &failure) < 0) {
		if (!watch->handle_released)
			free(watch);
		return throw_failure(env, &failure);
	}
	snprintf(name, sizeof(name), "vnet.child(%d)", (int)pid);
	if (napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &resource_name) != napi_ok ||
	    napi_async_init(env, NULL, resource_name, &watch->async_context) != napi_ok ||
	    napi_create_reference(env, on_exit, 1, &watch->on_exit) != napi_ok ||
	    napi_create_external(env, watch, on_handle_finalized, NULL, &handle) != napi_ok) {
		/* Any partial N-API state is reclaimed with the env; the caller kills and reaps the child. */
		uv_poll_stop(&watch->poll);
		watch->handle_released = true;
		stop_watching(watch);
		throw_napi_failure(env, "child_watch_start", napi_generic_failure);
		return NULL;
	}
	return handle;
}

napi_value child_watch_signal(napi_env env, napi_callback_info info)
{
	size_t argc = 2;
	napi_value argv[2], undefined;
	struct child_watch *watch;
	struct failure failure = { 0 };
	uint32_t signo;

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < 2)
		return throw_invalid_arg(env, "signalProcess(handle, signal) needs two arguments");
	NAPI_CALL(env, napi_get_value_external(env, argv[0], (void **)&watch));
	if (!read_uint32(env, argv[1], "signal", &signo))
		return NULL;
	NAPI_CALL(env, napi_get_undefined(env, &undefined));
	if (watch->reaped)
		return undefined; /* already exited and reaped: nothing to signal */
	if (pidfd_send_signal(watch->pidfd, (int)signo, NULL, 0) < 0) {
		failure_set(&failure, errno, "signal %u to process %d", signo, (int)watch->pid);
		return throw_failure(env, &failure);
	}
	return undefined;
}
