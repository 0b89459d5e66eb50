import Hummingbird

/// Request context of the REST API: the identity the bearer token proved, once `BearerAuthMiddleware` ran.
struct APIRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    var identity: Identity?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}
