/**
 * The cluster chat backend: several chat servers, one per Pekko Cluster node, form one IRC network.
 * Channels and nicks are Cluster Sharding entities whose state is also kept in Distributed Data (so
 * an entity of a lost node restores elsewhere), LIST and LUSERS read this node's replica, and
 * {@link org.wskactors.samples.chat.cluster.ClusterChat} configures a node ({@code cluster.conf})
 * and starts {@link org.wskactors.samples.chat.cluster.ClusterChatBackend}.
 */
package org.wskactors.samples.chat.cluster;
