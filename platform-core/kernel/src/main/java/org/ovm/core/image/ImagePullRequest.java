package org.ovm.core.image;

/**
 * What an admin sends to pull a container image onto hosts.
 *
 * @param reference  {@code repository[:tag]} ({@code ovm/busybox:1.35}), with its registry's address unless
 *                   {@code registryId} names the registry
 * @param registryId a registry of the image center to pull from (its address and credentials are used)
 * @param hostId     the container host to pull onto
 * @param clusterId  instead of {@code hostId}: every container host of the cluster that is UP
 */
public record ImagePullRequest(String reference, String registryId, String hostId, String clusterId) {
}
