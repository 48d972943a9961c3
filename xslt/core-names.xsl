<?xml version="1.0" encoding="UTF-8"?>
<!--
  core-names.xsl: contributors as the pages print them, read from the prepared article: no name is built here.
  Input:  contrib elements with w:name and w:initials, article-meta with w:running-authors
          (pipeline/render/prepare.py, which writes them with pipeline/names.py: the one place of the rules).
  Output: strings: "Matthew C. Pope", "M.C.P.", "Pope et al.".
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:w="urn:x-pipeline:prepared"
    xmlns:f="urn:x-pipeline:writer"
    exclude-result-prefixes="#all">

  <!-- "Matthew C. Pope"; a collaboration by its own name. -->
  <xsl:function name="f:contrib-name" as="xs:string">
    <xsl:param name="contrib" as="element(contrib)"/>
    <xsl:sequence select="string($contrib/@w:name)"/>
  </xsl:function>

  <!-- "M.C.P.", as an affiliations line prints an author's initials. -->
  <xsl:function name="f:contrib-initials" as="xs:string">
    <xsl:param name="contrib" as="element(contrib)"/>
    <xsl:sequence select="string($contrib/@w:initials)"/>
  </xsl:function>

  <!-- The authors of the running head: "Pope et al.", "Lee and Epelboym", "Kwag". -->
  <xsl:function name="f:running-authors" as="xs:string">
    <xsl:param name="meta" as="element()?"/>
    <xsl:sequence select="string($meta/@w:running-authors)"/>
  </xsl:function>

</xsl:stylesheet>
