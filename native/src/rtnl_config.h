/*
 * A host's network stack configured over rtnetlink, many namespaces in one
 * call: what `ip -batch` did with a process per namespace (links up, IPv4
 * and IPv6 addresses, static routes, forwarding), done by one thread that enters each
 * namespace in turn and sends that namespace's messages in one round trip.
 */
#ifndef VNET_RTNL_CONFIG_H
#define VNET_RTNL_CONFIG_H

#include "napi_util.h"

/*
 * JS: configureHosts(hosts: HostConfig[]) → Promise<void> (native/hostconfig.ts says the fields). Stops at
 * the first failure, whose message names the namespace and the step in `ip`'s words
 * ("addr add 10.0.0.1/24 dev eth0"), with the kernel's extended ack where it gave one.
 */
napi_value rtnl_configure_hosts(napi_env env, napi_callback_info info);

#endif
