/*
 * Drops TCP SYNs to port 80 (a new connection to a web server): curl to :80
 * fails, ping and every other port pass. Counts what it dropped in "dropped".
 */
#include <linux/tcp.h>
#include "frames.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} dropped SEC(".maps");

SEC("tc")
int drop_syn80(struct __sk_buff *skb)
{
	void *end = (void *)(long)skb->data_end;
	struct iphdr *ip = ipv4_of(skb);
	struct tcphdr *tcp;
	__u32 first = 0;
	__u64 *count;

	if (!ip || ip->protocol != IPPROTO_TCP || ip->ihl != 5)
		return TC_ACT_UNSPEC;
	tcp = (void *)(ip + 1);
	if ((void *)(tcp + 1) > end || !tcp->syn || tcp->ack || tcp->dest != bpf_htons(80))
		return TC_ACT_UNSPEC;
	count = bpf_map_lookup_elem(&dropped, &first);
	if (count)
		__sync_fetch_and_add(count, 1);
	return TC_ACT_SHOT;
}

char LICENSE[] SEC("license") = "GPL";
