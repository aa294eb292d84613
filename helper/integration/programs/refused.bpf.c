/*
 * Programs vnet must refuse, for programs.integration.test.ts: "tc" reads
 * the frame without checking its length (the verifier says so), "xdp" is
 * not a tc classifier.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

SEC("tc")
int unchecked(struct __sk_buff *skb)
{
	unsigned char *data = (void *)(long)skb->data;

	return data[12] == 8 ? TC_ACT_UNSPEC : TC_ACT_SHOT;
}

SEC("xdp")
int not_a_classifier(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
