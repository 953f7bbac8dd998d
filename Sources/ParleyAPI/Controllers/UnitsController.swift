import Foundation
import Hummingbird
import ParleyDomain
import ParleyStore

/// `/v1/units`: the org tree, as a flat list.
struct UnitsController {
    let store: Store

    struct UnitBody: Encodable, Sendable {
        var id: UUID
        var name: String
        var parentID: UUID?
        var managerID: UUID?
        var version: Int64

        enum CodingKeys: String, CodingKey {
            case id, name, version
            case parentID = "parent_id"
            case managerID = "manager_id"
        }

        init(_ unit: UnitRecord) {
            id = unit.id
            name = unit.name
            parentID = unit.parentID
            managerID = unit.managerID
            version = unit.version
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(name, forKey: .name)
            try container.encode(parentID, forKey: .parentID)
            try container.encode(managerID, forKey: .managerID)
            try container.encode(version, forKey: .version)
        }
    }

    struct CreateUnitRequest: Decodable {
        var name: String
        var parentID: UUID?
        var managerID: UUID?

        enum CodingKeys: String, CodingKey {
            case name
            case parentID = "parent_id"
            case managerID = "manager_id"
        }
    }

    /// PATCH distinguishes "absent" from "null": null clears the parent or manager.
    struct UpdateUnitRequest: Decodable {
        var name: String?
        var parentID: UUID??
        var managerID: UUID??

        enum CodingKeys: String, CodingKey {
            case name
            case parentID = "parent_id"
            case managerID = "manager_id"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            if container.contains(.parentID) {
                parentID = .some(try container.decodeIfPresent(UUID.self, forKey: .parentID))
            }
            if container.contains(.managerID) {
                managerID = .some(try container.decodeIfPresent(UUID.self, forKey: .managerID))
            }
        }
    }

    func register(_ routes: inout Routes) {
        routes.post("/v1/units") { request, context in
            let caller = try context.requireCaller()
            guard Permissions.mayManageOrg(caller.role) else { throw Problem.forbidden() }
            let body = try await request.decodeStrict(CreateUnitRequest.self)
            let errors = Validation.name(body.name)
            guard errors.isEmpty else { throw Problem.validation(errors) }
            let unit = try await store.createUnit(
                org: caller.orgID, name: body.name, parentID: body.parentID, managerID: body.managerID)
            return try JSONResponse.make(UnitBody(unit), status: .created, version: unit.version)
        }
        routes.get("/v1/units") { request, context in
            let caller = try context.requireCaller()
            let (limit, cursor) = try request.pageQuery()
            let page = try await store.units(org: caller.orgID, limit: limit, cursor: cursor)
            return try JSONResponse.make(ListResponse(items: page.items.map(UnitBody.init), nextCursor: page.nextCursor))
        }
        routes.get("/v1/units/:id") { _, context in
            let caller = try context.requireCaller()
            let unit = try await store.unit(org: caller.orgID, id: try context.id("id"))
            return try JSONResponse.make(UnitBody(unit), version: unit.version)
        }
        routes.patch("/v1/units/:id") { request, context in
            let caller = try context.requireCaller()
            guard Permissions.mayManageOrg(caller.role) else { throw Problem.forbidden() }
            let id = try context.id("id")
            let version = try request.ifMatchVersion()
            let body = try await request.decodeStrict(UpdateUnitRequest.self)
            if let name = body.name {
                let errors = Validation.name(name)
                guard errors.isEmpty else { throw Problem.validation(errors) }
            }
            let unit = try await store.updateUnit(
                org: caller.orgID, id: id, version: version,
                UnitChanges(name: body.name, parentID: body.parentID, managerID: body.managerID))
            return try JSONResponse.make(UnitBody(unit), version: unit.version)
        }
    }
}
