import Foundation
import StepwiseTestSupport
import Testing

@testable import StepwiseSite

/// Folder creation and removal with system calls (the publisher's and the sink's).
@Suite struct FileTreeTests {
  @Test func removesATreeButNeverFollowsALinkOutOfIt() throws {
    let root = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: root) }
    let outside = root.appendingPathComponent("outside")
    try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
    try Data("не трогать".utf8).write(to: outside.appendingPathComponent("keep.txt"))

    let tree = root.appendingPathComponent("site")
    for folder in ["a/b/c", "регион/страница", ".hidden", "empty"] {
      try FileManager.default.createDirectory(
        at: tree.appendingPathComponent(folder), withIntermediateDirectories: true)
    }
    for file in ["index.html", "a/b/c/index.html", "регион/страница/index.html", ".hidden/x"] {
      try Data("<p>x</p>".utf8).write(to: tree.appendingPathComponent(file))
    }
    try FileManager.default.createSymbolicLink(
      at: tree.appendingPathComponent("a/link"), withDestinationURL: outside)
    try FileManager.default.createSymbolicLink(
      at: tree.appendingPathComponent("file-link"),
      withDestinationURL: outside.appendingPathComponent("keep.txt"))

    #expect(FileTree.remove(tree.path))
    #expect(!FileManager.default.fileExists(atPath: tree.path))
    #expect(
      try String(contentsOf: outside.appendingPathComponent("keep.txt"), encoding: .utf8)
        == "не трогать")
    // A file, and a path that is not there.
    let file = root.appendingPathComponent("file.txt")
    try Data("x".utf8).write(to: file)
    #expect(FileTree.remove(file.path))
    #expect(FileTree.remove(root.appendingPathComponent("missing").path))
  }

  @Test func makesFoldersWithTheirParentsAndRefusesAFileInTheWay() throws {
    let root = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: root) }
    let deep = root.appendingPathComponent("a/b/регион/c").path
    #expect(FileTree.makeDirectories(deep) == nil)
    #expect(FileTree.makeDirectories(deep) == nil)  // already there
    var isDirectory: ObjCBool = false
    #expect(
      FileManager.default.fileExists(atPath: deep, isDirectory: &isDirectory)
        && isDirectory.boolValue)

    try Data("x".utf8).write(to: root.appendingPathComponent("file"))
    #expect(FileTree.makeDirectories(root.appendingPathComponent("file").path) == ENOTDIR)
    #expect(FileTree.makeDirectories(root.appendingPathComponent("file/below").path) == ENOTDIR)
  }

  @Test func anOpenFolderTakesPathsFromItselfWhereverItIsMoved() throws {
    let root = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: root) }
    let first = root.appendingPathComponent("first")
    #expect(FileTree.makeDirectories(first.path) == nil)
    let folder = try #require(OpenFolder(first.path))
    #expect(FileTree.makeDirectories("регион/страница", in: folder.descriptor) == nil)
    #expect(FileTree.makeDirectories("регион/страница", in: folder.descriptor) == nil)
    try Data("x".utf8).write(to: first.appendingPathComponent("file"))
    #expect(FileTree.makeDirectories("file/below", in: folder.descriptor) == ENOTDIR)
    // The same identity by either path, and none for what is not there.
    let relative = try #require(FileIdentity.of("регион/страница", in: folder))
    let absolute = try #require(FileIdentity.of(first.path + "/регион/страница"))
    #expect(relative.kind == .folder && relative.identity == absolute.identity)
    #expect(FileIdentity.of("missing", in: folder) == nil)

    // Renamed, the folder is still the one the paths are taken from: nothing appears at the
    // old name.
    let second = root.appendingPathComponent("second")
    try FileManager.default.moveItem(at: first, to: second)
    #expect(FileTree.makeDirectories("после", in: folder.descriptor) == nil)
    #expect(FileManager.default.fileExists(atPath: second.appendingPathComponent("после").path))
    #expect(!FileManager.default.fileExists(atPath: first.path))
    #expect(FileIdentity.of("после", in: folder)?.kind == .folder)

    // A link is not opened as a folder.
    let link = root.appendingPathComponent("link")
    try FileManager.default.createSymbolicLink(at: link, withDestinationURL: second)
    #expect(OpenFolder(link.path) == nil)
    #expect(OpenFolder(second.appendingPathComponent("file").path) == nil)
  }
}
