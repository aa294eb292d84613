/*
 * Packet capture on one network device: an AF_PACKET socket made inside the
 * device's namespace with a classic BPF program attached before it is bound,
 * so no frame the filter refuses is ever queued. The socket's receive buffer
 * is the capture's bound in the kernel: when the reader falls behind the
 * kernel drops frames and counts them (captureSocketDrops).
 */
#ifndef VNET_CAPTURE_H
#define VNET_CAPTURE_H

#include "napi_util.h"

#include <linux/filter.h>

/* Columns of a captureSocketRead (and vnetCaptureRead, vnet_capture.c) row, one row a frame. */
enum capture_column {
	CAPTURE_SECONDS,     /* arrival time, CLOCK_REALTIME seconds */
	CAPTURE_NANOSECONDS, /* and nanoseconds */
	CAPTURE_LENGTH,      /* the frame's length on the wire, bytes */
	CAPTURE_CAPTURED,    /* bytes kept (at most the snap length) */
	CAPTURE_OUTGOING,    /* 1: the device sent it; 0: it received it */
	CAPTURE_POINT,       /* the module's VNET_POINT_* bit; 0 for a packet socket */
	CAPTURE_DROP,        /* the module's drop reason + 1 when POINT is DROPPED, else 0 */
	CAPTURE_LOST,        /* frames lost just before this one (the module's ring was full) */
	CAPTURE_OFFSET,      /* where in the read's buffer the frame's bytes start */
	CAPTURE_COLUMNS
};


/*
 * A classic BPF program from JS: at most BPF_MAXINSNS instructions, each four numbers: code, jt, jf, k (as
 * `tcpdump -ddd` prints them). program->filter is malloc'ed. NULL with an exception pending on bad input.
 */
napi_value capture_read_program(napi_env env, napi_value value, const char *what, struct sock_fprog *program);

/* At most BPF_MAXINSNS instructions; each is four numbers: code, jt, jf, k (as `tcpdump -ddd` prints them). */
/* JS: captureSocketOpen(netns: string, device: string, program: number[], bufferBytes: number) → fd */
napi_value capture_socket_open(napi_env env, napi_callback_info info);
/*
 * JS: captureSocketRead(fd, buffer: Buffer, snaplen) → Float64Array of rows. Frame i lands at
 * buffer[i * snaplen] (its row's offset); at most buffer.length / snaplen frames a call, and the
 * layout's batch; none waits (empty when none).
 */
napi_value capture_socket_read(napi_env env, napi_callback_info info);
/* JS: captureSocketDrops(fd) → frames the kernel dropped since the previous call (the buffer was full). */
napi_value capture_socket_drops(napi_env env, napi_callback_info info);
/* The columns by name, their count (width) and the frames a read takes at most (batch). */
napi_value capture_row_layout(napi_env env);

#endif
