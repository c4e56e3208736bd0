package dev.userdeletion.localstack;

/**
 * The services' public APIs as the end-to-end tests call them, each with the caller its paths need: a back end of the
 * product for members, the platform provisioner, the CSM, and people (the admin of the platform a path names, else
 * the CSM) for the query, orchestrator and notification APIs.
 */
record ServiceClients(ApiClient membership, ApiClient provisioning, ApiClient csmOnMembership, ApiClient userQuery,
                      ApiClient orchestrator, ApiClient notification) {

    static ServiceClients of(Stack stack) {
        LocalCallers callers = stack.callers();
        return new ServiceClients(new ApiClient(stack.baseUrl(Stack.MEMBERSHIP), callers.backEnd()),
                new ApiClient(stack.baseUrl(Stack.MEMBERSHIP), callers.provisioner()),
                new ApiClient(stack.baseUrl(Stack.MEMBERSHIP), callers.csm()),
                new ApiClient(stack.baseUrl(Stack.USER_QUERY), callers.adminOfPathPlatformElseCsm()),
                new ApiClient(stack.baseUrl(Stack.ORCHESTRATOR), callers.adminOfPathPlatformElseCsm()),
                new ApiClient(stack.baseUrl(Stack.NOTIFICATION), callers.adminOfPathPlatformElseCsm()));
    }
}
