/*
 * Drops every Nth IPv4 frame of a flow (frames from one address to another):
 * the 5th, 10th, 15th... with N = 5. "frames" counts each flow's frames (key:
 * source << 32 | destination, addresses as numbers); "dropped" what it dropped.
 */
#include "dropped.h"

#define N 5

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u64);
	__type(value, __u64);
} frames SEC(".maps");

SEC("tc")
int drop_nth(struct __sk_buff *skb)
{
	struct iphdr *ip = ipv4_of(skb);
	__u64 flow, one = 1, *seen;

	if (!ip)
		return TC_ACT_UNSPEC;
	flow = (__u64)bpf_ntohl(ip->saddr) << 32 | bpf_ntohl(ip->daddr);
	seen = bpf_map_lookup_elem(&frames, &flow);
	if (!seen) {
		bpf_map_update_elem(&frames, &flow, &one, BPF_NOEXIST);
		return TC_ACT_UNSPEC;
	}
	return __sync_add_and_fetch(seen, 1) % N ? TC_ACT_UNSPEC : drop();
}

char LICENSE[] SEC("license") = "GPL";
