@testable import CompetencyAssignment
import CompetencyTestSupport
import Testing

/// ``MaskSearch`` runs ``GroupSearchCore``'s branch and bound on masks in the catalogue's own
/// numbering. It must visit the same nodes in the same order, so a search stopped by the node
/// limit stops at the same selection: both run on random groups, with limits from 1 node up.
@Suite struct MaskSearchTests {
    struct Group {
        var needs: UInt64
        var candidates: UInt64
        var footprint: UInt64
        var closures: [UInt64]
        var closes: [UInt64]
    }

    /// A group in a catalogue of `moduleCount` modules: a random footprint, prerequisites within
    /// it, candidates among it, and random needs closed (some by no module).
    static func group(_ rng: inout SeededGenerator, moduleCount: Int) -> Group {
        var footprint: UInt64 = 0
        for module in 0..<moduleCount where rng.chance(70) { footprint |= UInt64(1) << UInt64(module) }
        if footprint == 0 { footprint = 1 }
        let members = (0..<64).filter { footprint & (UInt64(1) << UInt64($0)) != 0 }
        var prerequisites = [UInt64](repeating: 0, count: 64)
        for (offset, module) in members.enumerated() where offset > 0 && rng.chance(35) {
            let earlier = members[rng.below(offset)]
            prerequisites[module] |= UInt64(1) << UInt64(earlier)
            if offset > 1 && rng.chance(30) { prerequisites[module] |= UInt64(1) << UInt64(members[rng.below(offset)]) }
        }
        var closures = [UInt64](repeating: 0, count: 64)
        for module in members {
            closures[module] = MaskSolver.closure(of: module, prerequisites: prerequisites, satisfied: 0)
        }
        let needCount = 2 + rng.below(rng.chance(25) ? 30 : 16)
        let needs: UInt64 = needCount == 64 ? .max : (UInt64(1) << UInt64(needCount)) - 1
        var candidates: UInt64 = 0
        var closes = [UInt64](repeating: 0, count: 64)
        for module in members {
            let isCandidate = rng.chance(75)
            // Some modules also close needs of other groups, which the search must ignore.
            var mask = UInt64(1) << UInt64(40 + rng.below(20))
            if isCandidate || rng.chance(20) {
                for _ in 0..<(1 + rng.below(4)) { mask |= UInt64(1) << UInt64(rng.below(needCount)) }
            }
            closes[module] = mask
            if isCandidate { candidates |= UInt64(1) << UInt64(module) }
        }
        // Every need has a candidate that closes it, but for the need no module closes below.
        let candidateList = members.filter { candidates & (UInt64(1) << UInt64($0)) != 0 }
        if !candidateList.isEmpty {
            for need in 0..<needCount { closes[rng.pick(candidateList)] |= UInt64(1) << UInt64(need) }
        }
        if rng.chance(10) {
            // A need no module closes.
            for module in members { closes[module] &= ~UInt64(1) }
        }
        return Group(needs: needs, candidates: candidates, footprint: footprint, closures: closures, closes: closes)
    }

    /// The same group as ``GroupSearchCore`` takes it: the footprint renumbered from 0, the
    /// needs as they are (they already are 0 to n − 1).
    static func reference(_ group: Group, milliHours: [Int], nodeLimit: Int) -> (modules: UInt64, milliHours: Int, proven: Bool) {
        let local = (0..<64).filter { group.footprint & (UInt64(1) << UInt64($0)) != 0 }
        var localIndex = [Int](repeating: -1, count: 64)
        for (offset, module) in local.enumerated() { localIndex[module] = offset }
        var closureBits: [Bits64] = []
        var cover: [UInt64] = []
        var candidates: [Int] = []
        for (offset, module) in local.enumerated() {
            var bits = Bits64(capacity: 64)
            if group.candidates & (UInt64(1) << UInt64(module)) != 0 {
                var rest = group.closures[module]
                while rest != 0 {
                    bits.insert(localIndex[rest.trailingZeroBitCount])
                    rest &= rest - 1
                }
                candidates.append(offset)
            }
            closureBits.append(bits)
            cover.append(group.closes[module] & group.needs)
        }
        let result = GroupSearchCore<Bits64>(
            hours: local.map { milliHours[$0] }, closureBits: closureBits, cover: cover, candidates: candidates,
            needCount: group.needs.nonzeroBitCount, nodeLimit: nodeLimit
        ).run()
        let modules = result.modules.reduce(UInt64(0)) { $0 | (UInt64(1) << UInt64(local[$1])) }
        return (modules, result.hours, result.proven)
    }

    @Test(arguments: 0..<24)
    func visitsTheSameNodesAsTheGenericSearch(seed: Int) {
        var rng = SeededGenerator(seed: UInt64(seed) &* 6_364_136_223 &+ 1)
        let moduleCount = [32, 40, 48, 64][seed % 4]
        // Hours from a few values, so that ties in hours and in counts are common.
        let milliHours = (0..<moduleCount).map { _ in rng.pick([500, 1000, 1000, 2000, 3000, 4500]) }
        var stopped = 0
        var proven = 0
        var chosenSome = 0
        // One search for every round, as the solver keeps one for every group of a person.
        let search = MaskSearch(milliHours: milliHours)
        for round in 0..<60 {
            let group = Self.group(&rng, moduleCount: moduleCount)
            let limit = [1, 3, 7, 20, 60, 200_000][round % 6]
            let expected = Self.reference(group, milliHours: milliHours, nodeLimit: limit)
            let got = group.closures.withUnsafeBufferPointer { closures in
                group.closes.withUnsafeBufferPointer { closes in
                    search.run(
                        needs: group.needs, candidates: group.candidates, footprint: group.footprint,
                        closures: closures, closes: closes, nodeLimit: limit)
                }
            }
            #expect(got.modules == expected.modules, "seed \(seed), round \(round)")
            #expect(got.milliHours == expected.milliHours, "seed \(seed), round \(round)")
            #expect(got.proven == expected.proven, "seed \(seed), round \(round)")
            stopped += expected.proven ? 0 : 1
            proven += expected.proven ? 1 : 0
            chosenSome += expected.modules != 0 ? 1 : 0
        }
        // The rounds reach both ends: searches stopped early, and proven optima.
        #expect(stopped >= 5)
        #expect(proven >= 10)
        #expect(chosenSome >= 30)
    }
}
