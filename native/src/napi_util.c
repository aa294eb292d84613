#include "napi_util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void failure_set(struct failure *failure, int err, const char *fmt, ...)
{
	va_list args;
	int length;

	if (failure->err)
		return;
	failure->err = err ? err : EIO;
	va_start(args, fmt);
	length = vsnprintf(failure->message, sizeof(failure->message), fmt, args);
	va_end(args);
	if (length >= 0 && (size_t)length < sizeof(failure->message))
		snprintf(failure->message + length, sizeof(failure->message) - length, ": %s", strerror(failure->err));
}

void throw_napi_failure(napi_env env, const char *call, napi_status status)
{
	const napi_extended_error_info *info = NULL;
	bool pending = false;
	char message[FAILURE_MESSAGE_MAX];

	napi_is_exception_pending(env, &pending);
	if (pending)
		return;
	napi_get_last_error_info(env, &info);
	snprintf(message, sizeof(message), "vnet native: %s failed (status %d%s%s)", call, (int)status,
		 info && info->error_message ? ": " : "", info && info->error_message ? info->error_message : "");
	napi_throw_error(env, "ERR_VNET_NAPI", message);
}

static const char *errno_name(int err)
{
	const char *name = strerrorname_np(err);

	return name ? name : "EIO";
}

napi_value failure_to_error(napi_env env, const struct failure *failure)
{
	napi_value code, message, error;

	NAPI_CALL(env, napi_create_string_utf8(env, errno_name(failure->err), NAPI_AUTO_LENGTH, &code));
	NAPI_CALL(env, napi_create_string_utf8(env, failure->message, NAPI_AUTO_LENGTH, &message));
	NAPI_CALL(env, napi_create_error(env, code, message, &error));
	if (!set_number(env, error, "errno", failure->err))
		return NULL;
	return error;
}

napi_value throw_failure(napi_env env, const struct failure *failure)
{
	napi_value error = failure_to_error(env, failure);

	if (error)
		napi_throw(env, error);
	return NULL;
}

napi_value throw_invalid_arg(napi_env env, const char *fmt, ...)
{
	char message[FAILURE_MESSAGE_MAX];
	va_list args;

	va_start(args, fmt);
	vsnprintf(message, sizeof(message), fmt, args);
	va_end(args);
	napi_throw_type_error(env, "ERR_INVALID_ARG_VALUE", message);
	return NULL;
}

napi_value throw_no_memory(napi_env env, const char *what, ...)
{
	struct failure failure = { .err = ENOMEM };
	va_list args;
	int length;

	va_start(args, what);
	length = vsnprintf(failure.message, sizeof(failure.message), what, args);
	va_end(args);
	if (length >= 0 && (size_t)length < sizeof(failure.message))
		snprintf(failure.message + length, sizeof(failure.message) - length, ": out of memory");
	return throw_failure(env, &failure);
}

napi_value read_string(napi_env env, napi_value value, const char *what, char **out)
{
	napi_valuetype type;
	size_t length;
	char *string;

	*out = NULL;
	NAPI_CALL(env, napi_typeof(env, value, &type));
	if (type != napi_string)
		return throw_invalid_arg(env, "%s must be a string", what);
	NAPI_CALL(env, napi_get_value_string_utf8(env, value, NULL, 0, &length));
	string = malloc(length + 1);
	if (!string)
		return throw_no_memory(env, "%s", what);
	if (napi_get_value_string_utf8(env, value, string, length + 1, &length) != napi_ok) {
		free(string);
		throw_napi_failure(env, "napi_get_value_string_utf8", napi_string_expected);
		return NULL;
	}
	if (strlen(string) != length) {
		free(string);
		return throw_invalid_arg(env, "%s must not contain NUL characters", what);
	}
	*out = string;
	return value;
}

void free_string_array(char **strings, uint32_t count)
{
	if (!strings)
		return;
	for (uint32_t i = 0; i < count; i++)
		free(strings[i]);
	free(strings);
}

napi_value read_string_array(napi_env env, napi_value value, const char *what, char ***out, uint32_t *count)
{
	bool is_array;
	uint32_t length;
	char **strings;
	char element_name[128];

	NAPI_CALL(env, napi_is_array(env, value, &is_array));
	if (!is_array)
		return throw_invalid_arg(env, "%s must be an array of strings", what);
	NAPI_CALL(env, napi_get_array_length(env, value, &length));
	/* One extra NULL slot so the array can serve as an argv/envp. */
	strings = calloc((size_t)length + 1, sizeof(*strings));
	if (!strings)
		return throw_no_memory(env, "%s", what);
	for (uint32_t i = 0; i < length; i++) {
		napi_value element;

		snprintf(element_name, sizeof(element_name), "%s[%u]", what, i);
		if (napi_get_element(env, value, i, &element) != napi_ok ||
		    !read_string(env, element, element_name, &strings[i])) {
			free_string_array(strings, i);
			return NULL;
		}
	}
	*out = strings;
	*count = length;
	return value;
}

napi_value read_int64(napi_env env, napi_value value, const char *what, int64_t *out)
{
	napi_valuetype type;
	double number;

	*out = 0;
	NAPI_CALL(env, napi_typeof(env, value, &type));
	if (type != napi_number)
		return throw_invalid_arg(env, "%s must be a number", what);
	NAPI_CALL(env, napi_get_value_double(env, value, &number));
	if (number != (double)(int64_t)number)
		return throw_invalid_arg(env, "%s must be an integer, got %g", what, number);
	*out = (int64_t)number;
	return value;
}

napi_value read_uint32(napi_env env, napi_value value, const char *what, uint32_t *out)
{
	int64_t number;

	*out = 0;
	if (!read_int64(env, value, what, &number))
		return NULL;
	if (number < 0 || number > UINT32_MAX)
		return throw_invalid_arg(env, "%s must be between 0 and %u, got %lld", what, UINT32_MAX,
					 (long long)number);
	*out = (uint32_t)number;
	return value;
}

napi_value read_uint32_array(napi_env env, napi_value value, const char *what, uint32_t max, uint32_t **out,
			     uint32_t *count)
{
	bool is_array;
	uint32_t length, *numbers;
	napi_value element;
	char element_name[128];

	NAPI_CALL(env, napi_is_array(env, value, &is_array));
	if (!is_array)
		return throw_invalid_arg(env, "%s must be an array of numbers", what);
	NAPI_CALL(env, napi_get_array_length(env, value, &length));
	if (length > max)
		return throw_invalid_arg(env, "%s: at most %u entries, got %u", what, max, length);
	numbers = calloc((size_t)length + 1, sizeof(*numbers));
	if (!numbers)
		return throw_no_memory(env, "%s", what);
	for (uint32_t i = 0; i < length; i++) {
		snprintf(element_name, sizeof(element_name), "%s[%u]", what, i);
		if (napi_get_element(env, value, i, &element) != napi_ok ||
		    !read_uint32(env, element, element_name, &numbers[i])) {
			free(numbers);
			throw_napi_failure(env, "napi_get_element", napi_generic_failure);
			return NULL;
		}
	}
	*out = numbers;
	*count = length;
	return value;
}

napi_value read_property(napi_env env, napi_value object, const char *key, napi_value *out)
{
	napi_value property;
	napi_valuetype type;

	*out = NULL;
	NAPI_CALL(env, napi_get_named_property(env, object, key, &property));
	NAPI_CALL(env, napi_typeof(env, property, &type));
	*out = type == napi_undefined || type == napi_null ? NULL : property;
	return object;
}

napi_value read_optional_bool(napi_env env, napi_value object, const char *key, bool *out)
{
	napi_value value;

	*out = false;
	if (!read_property(env, object, key, &value))
		return NULL;
	if (value)
		NAPI_CALL(env, napi_get_value_bool(env, value, out));
	return object;
}

void *tagged_external(napi_env env, napi_value value, const napi_type_tag *tag, const char *what, const char *kind)
{
	napi_valuetype type;
	bool tagged = false;
	void *data;

	NAPI_CALL(env, napi_typeof(env, value, &type));
	if (type == napi_external)
		NAPI_CALL(env, napi_check_object_type_tag(env, value, tag, &tagged));
	if (!tagged)
		return throw_invalid_arg(env, "%s: not a %s", what, kind);
	NAPI_CALL(env, napi_get_value_external(env, value, &data));
	return data;
}

napi_value set_number(napi_env env, napi_value object, const char *key, double number)
{
	napi_value value;

	NAPI_CALL(env, napi_create_double(env, number, &value));
	NAPI_CALL(env, napi_set_named_property(env, object, key, value));
	return object;
}

napi_value set_columns(napi_env env, napi_value object, const char *const *names, int count, int first)
{
	for (int i = 0; i < count; i++)
		if (!set_number(env, object, names[i], first + i))
			return NULL;
	return object;
}

napi_value row_layout(napi_env env, const char *const *names, int count)
{
	napi_value layout;

	NAPI_CALL(env, napi_create_object(env, &layout));
	if (!set_number(env, layout, "width", count))
		return NULL;
	return set_columns(env, layout, names, count, 0);
}

napi_value create_float64_array(napi_env env, size_t count, double **data)
{
	napi_value buffer, array;

	NAPI_CALL(env, napi_create_arraybuffer(env, count * sizeof(double), (void **)data, &buffer));
	NAPI_CALL(env, napi_create_typedarray(env, napi_float64_array, count, buffer, 0, &array));
	return array;
}

napi_value set_string(napi_env env, napi_value object, const char *key, const char *string)
{
	napi_value value;

	NAPI_CALL(env, napi_create_string_utf8(env, string, NAPI_AUTO_LENGTH, &value));
	NAPI_CALL(env, napi_set_named_property(env, object, key, value));
	return object;
}

static void job_execute(napi_env env, void *data)
{
	struct job *job = data;

	(void)env;
	job->run(job);
}

static void job_complete(napi_env env, napi_status status, void *data)
{
	struct job *job = data;
	napi_value outcome = NULL;
	bool pending = false;

	if (status != napi_ok && !job->failure.err)
		failure_set(&job->failure, ECANCELED, "job cancelled");
	if (!job->failure.err) {
		if (job->result)
			outcome = job->result(env, job);
		else
			napi_get_undefined(env, &outcome);
	}
	if (outcome) {
		napi_resolve_deferred(env, job->deferred, outcome);
	} else {
		napi_is_exception_pending(env, &pending);
		if (pending) /* result() threw: reject with that exception */
			napi_get_and_clear_last_exception(env, &outcome);
		else
			outcome = job->error ? job->error(env, job) : failure_to_error(env, &job->failure);
		if (!outcome)
			napi_get_and_clear_last_exception(env, &outcome);
		napi_reject_deferred(env, job->deferred, outcome);
	}
	napi_delete_async_work(env, job->work);
	job->release(job);
}

napi_value job_start(napi_env env, struct job *job, const char *name)
{
	napi_value promise, resource_name;

	if (napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &resource_name) != napi_ok ||
	    napi_create_async_work(env, NULL, resource_name, job_execute, job_complete, job, &job->work) != napi_ok) {
		job->release(job);
		throw_napi_failure(env, "napi_create_async_work", napi_generic_failure);
		return NULL;
	}
	if (napi_create_promise(env, &job->deferred, &promise) != napi_ok ||
	    napi_queue_async_work(env, job->work) != napi_ok) {
		napi_delete_async_work(env, job->work);
		job->release(job);
		throw_napi_failure(env, "napi_queue_async_work", napi_generic_failure);
		return NULL;
	}
	return promise;
}

napi_value job_resolved(napi_env env, napi_value value)
{
	napi_deferred deferred;
	napi_value promise;

	NAPI_CALL(env, napi_create_promise(env, &deferred, &promise));
	NAPI_CALL(env, napi_resolve_deferred(env, deferred, value));
	return promise;
}
