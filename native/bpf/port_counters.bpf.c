// SPDX-License-Identifier: GPL-2.0
/*
 * The netns backend's port counters: every frame a device of the fabric
 * namespace sends or receives, added to that device's entry (by ifindex) of
 * one array the helper maps into its memory and reads without a system call.
 * Attached once per network (native/src/port_counters.c), before any port
 * exists, so its totals are the devices' own: a veth counts skb->len with the
 * Ethernet header, on send as the driver took the frame and on receive.
 * Fields are read through CO-RE, so one object runs on every kernel with BTF.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

/* Devices with an ifindex from here on are not counted (the helper reads those from the kernel's dump). */
#define PORT_COUNTERS_MAX 65536

struct ns_common {
	unsigned int inum;
} __attribute__((preserve_access_index));

struct net {
	struct ns_common ns;
} __attribute__((preserve_access_index));

typedef struct {
	struct net *net;
} possible_net_t;

struct net_device {
	int ifindex;
	possible_net_t nd_net;
} __attribute__((preserve_access_index));

struct sk_buff {
	struct net_device *dev;
	unsigned int len;
	__u16 mac_header;
	unsigned char *head;
	unsigned char *data;
} __attribute__((preserve_access_index));

/* One device's totals as the device sees them; the layout native/src/port_counters.c reads. */
struct port_counts {
	__u64 rx_packets;
	__u64 rx_bytes;
	__u64 tx_packets;
	__u64 tx_bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, PORT_COUNTERS_MAX);
	__type(key, __u32);
	__type(value, struct port_counts);
} counts SEC(".maps");

/* The fabric namespace's inode number, set before loading. */
const volatile __u32 fabric_inum = 0;

static struct port_counts *counts_of(struct net_device *dev)
{
	__u32 ifindex;

	if (!dev || dev->nd_net.net->ns.inum != fabric_inum)
		return 0;
	ifindex = dev->ifindex;
	return bpf_map_lookup_elem(&counts, &ifindex);
}

SEC("tp_btf/net_dev_xmit")
int BPF_PROG(port_sent, struct sk_buff *skb, int rc, struct net_device *dev, unsigned int len)
{
	struct port_counts *counts;

	/* Anything else (busy, dropped by the driver) is not in the device's tx counters either. */
	if (rc != 0)
		return 0;
	counts = counts_of(dev);
	if (counts) {
		__sync_fetch_and_add(&counts->tx_packets, 1);
		__sync_fetch_and_add(&counts->tx_bytes, len);
	}
	return 0;
}

SEC("tp_btf/netif_receive_skb")
int BPF_PROG(port_received, struct sk_buff *skb)
{
	struct port_counts *counts = counts_of(skb->dev);

	/* The link layer header is pulled by now: it counts, as in the sender's length. */
	if (counts) {
		__sync_fetch_and_add(&counts->rx_packets, 1);
		__sync_fetch_and_add(&counts->rx_bytes, skb->len + (skb->data - (skb->head + skb->mac_header)));
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
