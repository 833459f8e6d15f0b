// The fuzzer's entry points (see FuzzTarget.swift for what an input exercises).
//
// scripts/fuzz.sh builds this target with `-sanitize=fuzzer -D STEPWISE_FUZZ`: there is no
// `main` of ours then (no main.swift, no @main), libFuzzer provides it and calls
// `LLVMFuzzerTestOneInput`. In an ordinary debug build (`swift build`) it is a replay tool:
// `StepwiseFuzz FILE…` runs each fuzzer input once, to reproduce a finding under a debugger.

#if STEPWISE_FUZZ
  import StepwiseHTMLOracle

  @_cdecl("LLVMFuzzerInitialize")
  public func stepwiseFuzzInitialize(
    _ argc: UnsafeMutablePointer<Int32>?,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?
  ) -> Int32 {
    HTMLOracle.selfTest()
    _ = BaseSite.content
    _ = BaseSite.templates
    return 0
  }

  @_cdecl("LLVMFuzzerTestOneInput")
  public func stepwiseFuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.run(UnsafeBufferPointer(start: data, count: size))
    return 0
  }
#else
  import Foundation
  import StepwiseHTMLOracle

  @main
  enum StepwiseFuzzReplay {
    static func main() {
      #if DEBUG
        HTMLOracle.selfTest()
        let files = CommandLine.arguments.dropFirst()
        if files.isEmpty {
          print("usage: StepwiseFuzz FILE…  (runs each fuzzer input once; scripts/fuzz.sh fuzzes)")
        }
        for file in files {
          guard let data = FileManager.default.contents(atPath: file) else {
            print("\(file): cannot read")
            exit(2)
          }
          let start = Date()
          [UInt8](data).withUnsafeBufferPointer { FuzzTarget.run($0) }
          print("\(file): ok (\(String(format: "%.3f", Date().timeIntervalSince(start))) s)")
        }
      #else
        print("StepwiseFuzz: fuzz with scripts/fuzz.sh; replay inputs with a debug build")
      #endif
    }
  }
#endif
