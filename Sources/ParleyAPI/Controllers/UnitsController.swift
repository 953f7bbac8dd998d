import Foundation
import Hummingbird
import ParleyDomain
import ParleyStore

/// `/v1/units`: the org tree, as a flat list.
struct UnitsController {
    let store: Store

    var endpoints: RouteCollection<AuthenticatedContext> {
        RouteCollection(context: AuthenticatedContext.self)
            .post("units", use: create)
            .get("units", use: list)
            .get("units/:id", use: show)
            .patch("units/:id", use: update)
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Tagged<UnitBody> {
        let body = try await request.decode(as: CreateUnitRequest.self, context: context)
        let unit = try await store.createUnit(
            caller: context.caller, name: body.name, parentID: body.parentID, managerID: body.managerID)
        return Tagged(body: UnitBody(unit), version: unit.version, status: .created)
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<UnitBody> {
        let (limit, cursor) = try request.pageQuery()
        let page = try await store.units(org: context.caller.orgID, limit: limit, cursor: cursor)
        return ListResponse(items: page.items.map(UnitBody.init), nextCursor: page.nextCursor)
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Tagged<UnitBody> {
        let unit = try await store.unit(org: context.caller.orgID, id: try context.id("id"))
        return Tagged(body: UnitBody(unit), version: unit.version)
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Tagged<UnitBody> {
        let id = try context.id("id")
        let version = try request.ifMatchVersion()
        let body = try await request.decode(as: UpdateUnitRequest.self, context: context)
        let unit = try await store.updateUnit(
            caller: context.caller, id: id, version: version,
            UnitChanges(name: body.name, parentID: body.parentID, managerID: body.managerID))
        return Tagged(body: UnitBody(unit), version: unit.version)
    }
}
