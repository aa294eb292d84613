#include "capture.h"

#include "netns.h"

#include <errno.h>
#include <arpa/inet.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Frames a read takes at most; the caller's buffer usually bounds it first. */
#define CAPTURE_BATCH 64

static const char *const capture_column_names[CAPTURE_COLUMNS] = {
	"seconds", "nanoseconds", "length", "captured", "outgoing", "point", "drop", "lost", "offset",
};

struct capture_request {
	const char *device;
	struct sock_fprog program;
	int buffer_bytes;
	int socket;
	int err;
	const char *step;
};

static int capture_fail(struct capture_request *request, const char *step)
{
	request->err = errno;
	request->step = step;
	if (request->socket >= 0)
		close(request->socket);
	request->socket = -1;
	return -1;
}

/*
 * Protocol 0 until bind: the socket queues nothing before its filter is in place and it is bound to
 * the device, so a capture never starts with frames of other devices or unfiltered ones.
 */
static void make_capture_socket(void *data)
{
	struct capture_request *request = data;
	struct sockaddr_ll address = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL) };
	int on = 1;

	request->socket = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (request->socket < 0) {
		capture_fail(request, "opening a packet socket");
		return;
	}
	address.sll_ifindex = (int)if_nametoindex(request->device);
	if (address.sll_ifindex == 0) {
		capture_fail(request, "finding the device");
		return;
	}
	if (setsockopt(request->socket, SOL_SOCKET, SO_ATTACH_FILTER, &request->program,
		       sizeof(request->program)) < 0) {
		capture_fail(request, "attaching the filter");
		return;
	}
	if (setsockopt(request->socket, SOL_SOCKET, SO_RCVBUFFORCE, &request->buffer_bytes,
		       sizeof(request->buffer_bytes)) < 0) {
		capture_fail(request, "sizing the buffer");
		return;
	}
	if (setsockopt(request->socket, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof(on)) < 0) {
		capture_fail(request, "asking for timestamps");
		return;
	}
	if (bind(request->socket, (struct sockaddr *)&address, sizeof(address)) < 0)
		capture_fail(request, "binding to the device");
}

napi_value capture_read_program(napi_env env, napi_value value, const char *what, struct sock_fprog *program)
{
	uint32_t *numbers = NULL, count = 0;
	struct sock_filter *code;

	if (!read_uint32_array(env, value, what, 4 * BPF_MAXINSNS, &numbers, &count))
		return NULL;
	if (count == 0 || count % 4) {
		free(numbers);
		return throw_invalid_arg(env, "%s needs 4 numbers an instruction, got %u", what, count);
	}
	code = calloc(count / 4, sizeof(*code));
	if (!code) {
		free(numbers);
		return throw_no_memory(env, "capture filter");
	}
	for (uint32_t i = 0; i < count / 4; i++)
		code[i] = (struct sock_filter){ (uint16_t)numbers[4 * i], (uint8_t)numbers[4 * i + 1],
						(uint8_t)numbers[4 * i + 2], numbers[4 * i + 3] };
	free(numbers);
	program->len = (unsigned short)(count / 4);
	program->filter = code;
	return value;
}

napi_value capture_socket_open(napi_env env, napi_callback_info info)
{
	size_t argc = 4;
	napi_value argv[4], result = NULL;
	struct failure failure = { 0 };
	struct capture_request request = { .socket = -1 };
	char *netns = NULL, *device = NULL;
	uint32_t buffer_bytes;
	int nsfd;

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < 4)
		return throw_invalid_arg(env, "captureSocketOpen: netns, device, program and bufferBytes are required");
	if (!read_string(env, argv[0], "captureSocketOpen: netns", &netns) ||
	    !netns_check_name(env, netns, "captureSocketOpen: netns") ||
	    !read_string(env, argv[1], "captureSocketOpen: device", &device) ||
	    !read_uint32(env, argv[3], "captureSocketOpen: bufferBytes", &buffer_bytes) ||
	    !capture_read_program(env, argv[2], "captureSocketOpen: program", &request.program))
		goto out;
	if (strlen(device) >= IFNAMSIZ || buffer_bytes > INT32_MAX / 2) {
		throw_invalid_arg(env, "captureSocketOpen: device name or buffer size out of range");
		goto out;
	}
	request.device = device;
	request.buffer_bytes = (int)buffer_bytes;
	nsfd = netns_open(netns, &failure);
	if (nsfd >= 0) {
		netns_run_inside(nsfd, netns, make_capture_socket, &request, &failure);
		close(nsfd);
	}
	if (!failure.err && request.err)
		failure_set(&failure, request.err, "namespace \"%s\", device \"%s\": %s", netns, device, request.step);
	if (failure.err)
		throw_failure(env, &failure);
	else
		NAPI_CALL(env, napi_create_int32(env, request.socket, &result));
out:
	free(request.program.filter);
	free(netns);
	free(device);
	return result;
}

static void fill_row(double *row, const struct mmsghdr *message, const struct sockaddr_ll *from, uint32_t snaplen,
		     unsigned int index)
{
	struct cmsghdr *cmsg;
	struct timespec stamp = { 0 };

	for (cmsg = CMSG_FIRSTHDR(&message->msg_hdr); cmsg; cmsg = CMSG_NXTHDR((struct msghdr *)&message->msg_hdr, cmsg))
		if (cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SCM_TIMESTAMPNS)
			memcpy(&stamp, CMSG_DATA(cmsg), sizeof(stamp));
	row[CAPTURE_SECONDS] = (double)stamp.tv_sec;
	row[CAPTURE_NANOSECONDS] = (double)stamp.tv_nsec;
	row[CAPTURE_LENGTH] = (double)message->msg_len;
	row[CAPTURE_CAPTURED] = (double)(message->msg_len < snaplen ? message->msg_len : snaplen);
	row[CAPTURE_OUTGOING] = from->sll_pkttype == PACKET_OUTGOING;
	row[CAPTURE_POINT] = row[CAPTURE_DROP] = row[CAPTURE_LOST] = 0;
	row[CAPTURE_OFFSET] = (double)index * snaplen;
}

/* On the JS thread: the socket never blocks, and a batch is one recvmmsg. */
napi_value capture_socket_read(napi_env env, napi_callback_info info)
{
	size_t argc = 3, length;
	napi_value argv[3], array;
	uint32_t fd, snaplen;
	uint8_t *data;
	struct mmsghdr messages[CAPTURE_BATCH];
	struct iovec vectors[CAPTURE_BATCH];
	struct sockaddr_ll from[CAPTURE_BATCH];
	char control[CAPTURE_BATCH][CMSG_SPACE(sizeof(struct timespec))];
	unsigned int batch;
	double *rows;
	int count;

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < 3)
		return throw_invalid_arg(env, "captureSocketRead: fd, buffer and snaplen are required");
	if (!read_uint32(env, argv[0], "captureSocketRead: fd", &fd) ||
	    !read_uint32(env, argv[2], "captureSocketRead: snaplen", &snaplen))
		return NULL;
	NAPI_CALL(env, napi_get_buffer_info(env, argv[1], (void **)&data, &length));
	if (snaplen == 0 || length < snaplen)
		return throw_invalid_arg(env, "captureSocketRead: the buffer holds no frame of %u bytes", snaplen);
	batch = length / snaplen < CAPTURE_BATCH ? (unsigned int)(length / snaplen) : CAPTURE_BATCH;
	memset(messages, 0, sizeof(messages[0]) * batch);
	for (unsigned int i = 0; i < batch; i++) {
		vectors[i] = (struct iovec){ data + (size_t)i * snaplen, snaplen };
		messages[i].msg_hdr = (struct msghdr){ .msg_name = &from[i], .msg_namelen = sizeof(from[i]),
						       .msg_iov = &vectors[i], .msg_iovlen = 1,
						       .msg_control = control[i], .msg_controllen = sizeof(control[i]) };
	}
	/* MSG_TRUNC: msg_len is the frame's whole length even when only snaplen bytes were kept. */
	count = recvmmsg((int)fd, messages, batch, MSG_DONTWAIT | MSG_TRUNC, NULL);
	if (count < 0 && errno != EAGAIN) {
		struct failure failure = { 0 };

		failure_set(&failure, errno, "reading captured frames");
		return throw_failure(env, &failure);
	}
	if (count < 0)
		count = 0;
	array = create_float64_array(env, (size_t)count * CAPTURE_COLUMNS, &rows);
	if (!array)
		return NULL;
	for (int i = 0; i < count; i++)
		fill_row(&rows[i * CAPTURE_COLUMNS], &messages[i], &from[i], snaplen, (unsigned int)i);
	return array;
}

napi_value capture_socket_drops(napi_env env, napi_callback_info info)
{
	size_t argc = 1;
	napi_value argv[1], result;
	uint32_t fd;
	struct tpacket_stats stats = { 0 };
	socklen_t size = sizeof(stats);

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < 1 || !read_uint32(env, argv[0], "captureSocketDrops: fd", &fd))
		return argc < 1 ? throw_invalid_arg(env, "captureSocketDrops: fd is required") : NULL;
	/* The kernel resets these counters on every read. */
	if (getsockopt((int)fd, SOL_PACKET, PACKET_STATISTICS, &stats, &size) < 0) {
		struct failure failure = { 0 };

		failure_set(&failure, errno, "reading capture statistics");
		return throw_failure(env, &failure);
	}
	NAPI_CALL(env, napi_create_uint32(env, stats.tp_drops, &result));
	return result;
}

napi_value capture_row_layout(napi_env env)
{
	napi_value layout = row_layout(env, capture_column_names, CAPTURE_COLUMNS);

	return layout ? set_number(env, layout, "batch", CAPTURE_BATCH) : NULL;
}
