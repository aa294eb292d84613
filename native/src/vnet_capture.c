/*
 * VNET_IOC_CAPTURE: a capture of module ports, opened on the libuv pool (the
 * module takes RTNL), read on the JS thread without waiting: its records
 * become rows of the layout packet sockets use (capture.h), so the helper
 * reads both kinds of capture alike.
 */
#include "vnetdev.h"

#include "capture.h"
#include "vnet_device.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/vnet.h>

#define RECORD_ALIGN 8

struct capture_job {
	struct job job; /* first: the job helpers cast back */
	struct vnet_device *device;
	struct vnet_capture request;
	uint32_t *ports;
	struct sock_fprog program;
	int fd;
};

static void capture_run(struct job *job)
{
	struct capture_job *capture = (struct capture_job *)job;

	capture->fd = ioctl(capture->device->fd, VNET_IOC_CAPTURE, &capture->request);
	if (capture->fd < 0) {
		failure_set(&job->failure, errno, "vnet capture of %u port(s), snap length %u, ring %u bytes",
			    capture->request.count, capture->request.snaplen, capture->request.ring_bytes);
		return;
	}
	/* The module's read waits for a record unless O_NONBLOCK; the JS thread reading it must not. */
	if (fcntl(capture->fd, F_SETFL, O_NONBLOCK) < 0) {
		failure_set(&job->failure, errno, "making vnet capture %d non-blocking", capture->fd);
		close(capture->fd);
		capture->fd = -1;
	}
}

static napi_value capture_result(napi_env env, struct job *job)
{
	napi_value fd;

	NAPI_CALL(env, napi_create_int32(env, ((struct capture_job *)job)->fd, &fd));
	return fd;
}

static void capture_release(struct job *job)
{
	struct capture_job *capture = (struct capture_job *)job;

	if (capture->device)
		vnet_device_release(capture->device);
	free(capture->ports);
	free(capture->program.filter);
	free(capture);
}

/* argv: handle, ports, points, dirs, program, snaplen, ringBytes. */
static napi_value read_request(napi_env env, napi_value *argv, struct capture_job *capture)
{
	struct vnet_capture *request = &capture->request;

	if (!read_uint32_array(env, argv[1], "vnetCaptureOpen: ports", VNET_CAPTURE_MAX_PORTS, &capture->ports,
			       &request->count) ||
	    !read_uint32(env, argv[2], "vnetCaptureOpen: points", &request->points) ||
	    !read_uint32(env, argv[3], "vnetCaptureOpen: dirs", &request->dirs) ||
	    !capture_read_program(env, argv[4], "vnetCaptureOpen: program", &capture->program) ||
	    !read_uint32(env, argv[5], "vnetCaptureOpen: snaplen", &request->snaplen) ||
	    !read_uint32(env, argv[6], "vnetCaptureOpen: ringBytes", &request->ring_bytes))
		return NULL;
	request->ports = (__u64)(uintptr_t)capture->ports;
	request->filter = (__u64)(uintptr_t)capture->program.filter;
	request->filter_len = capture->program.len;
	return argv[1];
}

/* JS: vnetCaptureOpen(handle, ports, points, dirs, program, snaplen, ringBytes) → Promise<fd> */
napi_value vnet_capture_open(napi_env env, napi_callback_info info)
{
	size_t argc = 7;
	napi_value argv[7];
	struct capture_job *capture;
	struct vnet_device *device;

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < 7)
		return throw_invalid_arg(
			env, "vnetCaptureOpen(handle, ports, points, dirs, program, snaplen, ringBytes) needs seven arguments");
	device = vnet_device_from_handle(env, argv[0], "vnet capture");
	if (!device)
		return NULL;
	capture = calloc(1, sizeof(*capture));
	if (!capture)
		return throw_no_memory(env, "vnet capture");
	capture->job.run = capture_run;
	capture->job.result = capture_result;
	capture->job.release = capture_release;
	if (!read_request(env, argv, capture)) {
		capture_release(&capture->job);
		return NULL;
	}
	vnet_device_hold(device);
	capture->device = device;
	return job_start(env, &capture->job, "vnet.capture");
}

static void fill_row(double *row, const struct vnet_capture_record *record, size_t offset)
{
	row[CAPTURE_OFFSET] = (double)offset;
	row[CAPTURE_SECONDS] = (double)(record->ts_ns / 1000000000u);
	row[CAPTURE_NANOSECONDS] = (double)(record->ts_ns % 1000000000u);
	row[CAPTURE_LENGTH] = record->len;
	row[CAPTURE_CAPTURED] = record->caplen;
	row[CAPTURE_OUTGOING] = record->dir == VNET_DIR_EGRESS;
	row[CAPTURE_POINT] = record->point;
	row[CAPTURE_DROP] = record->point == VNET_POINT_DROPPED ? record->reason + 1 : 0;
	row[CAPTURE_LOST] = record->lost;
}

static size_t record_size(const struct vnet_capture_record *record)
{
	return (sizeof(*record) + record->caplen + RECORD_ALIGN - 1) & ~(size_t)(RECORD_ALIGN - 1);
}

/*
 * JS: vnetCaptureRead(fd, buffer, snaplen) → Float64Array of rows (capture.h), the frames read straight
 * into buffer, each at its row's offset; as many as the buffer holds, which must hold one of snaplen
 * bytes. Never waits: empty when none is there, and at the end of the capture. A port deleted while
 * captured is a row of point VNET_POINT_GONE; records lost after the last one are a row of point
 * VNET_POINT_LOST (only its lost column counts).
 */
napi_value vnet_capture_read(napi_env env, napi_callback_info info)
{
	size_t argc = 3, length, count = 0;
	napi_value argv[3], array;
	uint32_t fd, snaplen;
	uint8_t *data;
	double *rows;
	ssize_t got;

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < 3)
		return throw_invalid_arg(env, "vnetCaptureRead: fd, buffer and snaplen are required");
	if (!read_uint32(env, argv[0], "vnetCaptureRead: fd", &fd) ||
	    !read_uint32(env, argv[2], "vnetCaptureRead: snaplen", &snaplen))
		return NULL;
	NAPI_CALL(env, napi_get_buffer_info(env, argv[1], (void **)&data, &length));
	if (length < sizeof(struct vnet_capture_record) + snaplen + RECORD_ALIGN)
		return throw_invalid_arg(env, "vnetCaptureRead: the buffer holds no record of %u bytes", snaplen);
	got = read((int)fd, data, length);
	if (got < 0 && errno != EAGAIN) {
		struct failure failure = { 0 };

		failure_set(&failure, errno, "reading captured frames");
		return throw_failure(env, &failure);
	}
	for (ssize_t off = 0; off < got; count++)
		off += (ssize_t)record_size((const struct vnet_capture_record *)(data + off));
	array = create_float64_array(env, count * CAPTURE_COLUMNS, &rows);
	if (!array)
		return NULL;
	for (size_t i = 0, off = 0; i < count; i++) {
		const struct vnet_capture_record *record = (const void *)(data + off);

		fill_row(&rows[i * CAPTURE_COLUMNS], record, off + sizeof(*record));
		off += record_size(record);
	}
	return array;
}
