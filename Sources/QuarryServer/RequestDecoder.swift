import QuarryProtocol

/// Turns one request line into a `Request`, or into the `bad_request` error that names what is wrong.
///
/// The server answers every line it reads, so decoding never throws: a bad line costs its own reply,
/// not the connection.
package enum RequestDecoder {
    /// The outcome for one line: the request, or the error reply's id (when one could be read) and error.
    package enum Outcome: Equatable, Sendable {
        case request(Request)
        case invalid(id: RequestID?, WireError)
    }

    /// The protocol version this daemon speaks.
    package static let protocolVersion = 1

    /// Decodes and validates one line (without its newline).
    package static func decode(_ line: some Collection<UInt8>) -> Outcome {
        let data = Data(line)
        let decoder = WireCoding.decoder()
        // Read the id on its own first, so a reply to an otherwise broken request still echoes it.
        let id = (try? decoder.decode(IDProbe.self, from: data))?.id
        let request: Request
        do {
            request = try decoder.decode(Request.self, from: data)
        } catch let error as DecodingError {
            return .invalid(id: id, WireError(code: .bad_request, message: message(for: error)))
        } catch {
            return .invalid(id: id, WireError(code: .bad_request, message: "the request is not valid JSON"))
        }
        if let problem = validate(request) {
            return .invalid(id: request.id, WireError(code: .bad_request, message: problem))
        }
        return .request(request)
    }

    /// The first problem with a well-typed request's values, or nil.
    static func validate(_ request: Request) -> String? {
        if let v = request.v, v != protocolVersion {
            return "unsupported protocol version v=\(v); this daemon speaks v=\(protocolVersion)"
        }
        guard let op = RequestOperation(rawValue: request.op) else {
            let known = RequestOperation.allCases.map(\.rawValue).joined(separator: ", ")
            return "unknown op \"\(request.op)\"; expected one of \(known)"
        }
        if let sort = request.sort, ResultOrder(rawValue: sort) == nil {
            return "field sort: unknown order \"\(sort)\"; expected \(names(ResultOrder.allCases))"
        }
        for facet in request.facets ?? [] where FacetField(rawValue: facet) == nil {
            return "field facets: unknown facet \"\(facet)\"; expected \(names(FacetField.allCases))"
        }
        if let field = request.field, FacetField(rawValue: field) == nil {
            return "field field: unknown facet \"\(field)\"; expected \(names(FacetField.allCases))"
        }
        if let limit = request.limit, limit < 0 { return "field limit: must be 0 or more" }
        if let offset = request.offset, offset < 0 { return "field offset: must be 0 or more" }
        switch op {
        case .show where (request.article ?? "").isEmpty:
            return "field article: required for op show (the article id)"
        case .facets where request.field == nil:
            return "field field: required for op facets (one of \(names(FacetField.allCases)))"
        default:
            return nil
        }
    }

    /// A `bad_request` message naming the field a decoding error is about.
    static func message(for error: DecodingError) -> String {
        switch error {
        case .typeMismatch(let type, let context):
            if context.codingPath.isEmpty { return "a request must be a JSON object" }
            return "field \(path(context.codingPath)): expected \(jsonName(of: type))"
        case .valueNotFound(let type, let context):
            return "field \(path(context.codingPath)): expected \(jsonName(of: type)), not null"
        case .keyNotFound(let key, let context):
            return "field \(path(context.codingPath + [key])): required"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "the request is not valid JSON" }
            return "field \(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "the request is not valid JSON"
        }
    }

    private static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return text
    }

    private static func jsonName(of type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Int64.Type: return "an integer"
        case is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        case is [String].Type: return "a list of strings"
        case is [Any].Type: return "a list"
        default:
            let name = String(describing: type)
            return name.hasPrefix("Array") ? "a list" : "an object"
        }
    }

    private static func names<T: RawRepresentable<String>>(_ cases: [T]) -> String {
        cases.map(\.rawValue).joined(separator: ", ")
    }

    private struct IDProbe: Decodable {
        var id: RequestID?
    }
}
