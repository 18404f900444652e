# Installation layout (desktop file, hicolor icons, AppStream metadata) and CPack for `cpack -G DEB`.
# The binaries install themselves in app/; this file adds the desktop integration and the package.

if(TASTELAB_HAVE_QT)
  set(_icon_sizes 16 22 24 32 48 64 128 256 512)
  set(_icon_dir "${PROJECT_BINARY_DIR}/icons/hicolor")
  set(_icon_outputs "")
  foreach(_size IN LISTS _icon_sizes)
    list(APPEND _icon_outputs "${_icon_dir}/${_size}x${_size}/apps/${TASTELAB_APP_ID}.png")
  endforeach()
  add_executable(tastelab-render-icons "${PROJECT_SOURCE_DIR}/packaging/render_icons.cpp")
  target_link_libraries(tastelab-render-icons PRIVATE Qt6::Gui Qt6::Svg)
  tastelab_target_defaults(tastelab-render-icons)
  add_custom_command(OUTPUT ${_icon_outputs}
    COMMAND tastelab-render-icons "${PROJECT_SOURCE_DIR}/resources/icons/tastelab.svg" "${_icon_dir}"
      "${TASTELAB_APP_ID}" ${_icon_sizes}
    DEPENDS tastelab-render-icons "${PROJECT_SOURCE_DIR}/resources/icons/tastelab.svg"
    COMMENT "Rendering the hicolor icons")
  add_custom_target(tastelab_icons ALL DEPENDS ${_icon_outputs})

  install(DIRECTORY "${_icon_dir}" DESTINATION "${CMAKE_INSTALL_DATADIR}/icons")
  install(FILES "${PROJECT_SOURCE_DIR}/resources/icons/tastelab.svg"
    DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps" RENAME "${TASTELAB_APP_ID}.svg")
  install(FILES "${PROJECT_SOURCE_DIR}/packaging/linux/${TASTELAB_APP_ID}.desktop"
    DESTINATION "${CMAKE_INSTALL_DATADIR}/applications")
  install(FILES "${PROJECT_SOURCE_DIR}/packaging/linux/${TASTELAB_APP_ID}.metainfo.xml"
    DESTINATION "${CMAKE_INSTALL_DATADIR}/metainfo")
endif()
install(FILES "${PROJECT_SOURCE_DIR}/LICENSE" DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/tastelab" RENAME copyright)

set(CPACK_PACKAGE_NAME "tastelab")
set(CPACK_PACKAGE_VENDOR "The TasteLab developers")
set(CPACK_PACKAGE_CONTACT "The TasteLab developers <dev@tastelab.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION "TasteLab is a desktop studio in which people rate images, a personal preference model\n learns their taste on the local machine, and local image generation is steered toward it.")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR "DEB")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "graphics")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # Depends from the libraries the binaries link
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-translations-l10n, libopenblas0-openmp")  # fast BLAS for LibTorch
include(CPack)
