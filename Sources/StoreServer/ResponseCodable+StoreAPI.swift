import Hummingbird
import StoreAPI

// The wire types live in StoreAPI, which knows nothing of Hummingbird; the server makes them
// responses here.
extension RegisterKioskResponse: ResponseEncodable {}
extension Catalog: ResponseEncodable {}
extension AccountInfo: ResponseEncodable {}
extension TicketInfo: ResponseEncodable {}
extension SecurityStats: ResponseEncodable {}
extension BalancesReport: ResponseEncodable {}
extension EventResult: ResponseEncodable {}
extension EventBatchResult: ResponseEncodable {}
extension SessionInfo: ResponseEncodable {}
