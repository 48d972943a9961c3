<?xml version="1.0" encoding="UTF-8"?>
<!--
  jats-to-crossref.xsl: an issue's paginated JATS articles -> one Crossref deposit (doi_batch, schema 5.3.1).

  Input   <articles><article>...</article>...</articles>, the issue's paginated JATS files in table-of-contents
          order (docs/jats-profile.md), wrapped by pipeline/deposit/crossref.py, which has checked the required
          values and that all articles belong to one issue.
  Params  batch-id, timestamp          the head's doi_batch_id and timestamp: inputs, never the clock
          depositor-name, depositor-email, registrant   from the journal config (crossref.*)
          urls                         JSON object: DOI -> {"resource": landing page URL, "pdf": PDF URL},
                                       made by Python from the journal config (urls.article, urls.pdf)
  Output  doi_batch in the Crossref 5.3.1 namespace; Python validates it against
          schemas/store/crossref-5.3.1/crossref5.3.1.xsd before writing it.

  One template per element group, called in the schema's order (journal_metadata, journal_issue,
  journal_article: titles, contributors, abstract, dates, pages (or the e-location id as publisher_item's article
  number), publisher_item, access indicators, doi_data,
  citation_list).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns="http://www.crossref.org/schema/5.3.1"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xmlns:jats="http://www.ncbi.nlm.nih.gov/JATS1"
    xmlns:ai="http://www.crossref.org/AccessIndicators.xsd"
    xmlns:mml="http://www.w3.org/1998/Math/MathML"
    xmlns:ali="http://www.niso.org/schemas/ali/1.0/"
    xmlns:xlink="http://www.w3.org/1999/xlink"
    xmlns:f="urn:local:functions"
    exclude-result-prefixes="xs ali xlink f">

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:param name="batch-id" as="xs:string"/>
  <xsl:param name="timestamp" as="xs:string"/>
  <xsl:param name="depositor-name" as="xs:string"/>
  <xsl:param name="depositor-email" as="xs:string"/>
  <xsl:param name="registrant" as="xs:string"/>
  <xsl:param name="urls" as="xs:string" select="'{}'"/>
  <xsl:variable name="url-map" as="map(*)" select="parse-json($urls)"/>

  <xsl:variable name="JATS" select="'http://www.ncbi.nlm.nih.gov/JATS1'"/>

  <xsl:template match="/articles">
    <doi_batch version="5.3.1"
        xsi:schemaLocation="http://www.crossref.org/schema/5.3.1 https://www.crossref.org/schemas/crossref5.3.1.xsd">
      <head>
        <doi_batch_id><xsl:value-of select="$batch-id"/></doi_batch_id>
        <timestamp><xsl:value-of select="$timestamp"/></timestamp>
        <depositor>
          <depositor_name><xsl:value-of select="$depositor-name"/></depositor_name>
          <email_address><xsl:value-of select="$depositor-email"/></email_address>
        </depositor>
        <registrant><xsl:value-of select="$registrant"/></registrant>
      </head>
      <body>
        <journal>
          <xsl:apply-templates select="article[1]/front/journal-meta"/>
          <xsl:apply-templates select="article[1]/front/article-meta" mode="issue"/>
          <xsl:apply-templates select="article"/>
        </journal>
      </body>
    </doi_batch>
  </xsl:template>

  <!-- ===== journal_metadata and journal_issue (from the first article: the caller checked they agree) -->

  <xsl:template match="journal-meta">
    <journal_metadata language="{f:lang(ancestor::article)}">
      <full_title><xsl:value-of select="normalize-space(journal-title-group/journal-title)"/></full_title>
      <xsl:for-each select="(journal-title-group/abbrev-journal-title)[1]">
        <abbrev_title><xsl:value-of select="normalize-space(.)"/></abbrev_title>
      </xsl:for-each>
      <xsl:for-each select="issn[@pub-type = 'ppub' or @publication-format = 'print']">
        <issn media_type="print"><xsl:value-of select="normalize-space(.)"/></issn>
      </xsl:for-each>
      <xsl:for-each select="issn[@pub-type = 'epub' or @publication-format = 'electronic']">
        <issn media_type="electronic"><xsl:value-of select="normalize-space(.)"/></issn>
      </xsl:for-each>
    </journal_metadata>
  </xsl:template>

  <!-- The issue's date is the JATS collection date, in the medium the JATS gives it. -->
  <xsl:template match="article-meta" mode="issue">
    <journal_issue>
      <xsl:apply-templates select="pub-date[@date-type = 'collection' or @pub-type = 'collection']" mode="date"/>
      <journal_volume><volume><xsl:value-of select="normalize-space(volume)"/></volume></journal_volume>
      <xsl:for-each select="issue[normalize-space()]">
        <issue><xsl:value-of select="normalize-space(.)"/></issue>
      </xsl:for-each>
    </journal_issue>
  </xsl:template>

  <!-- ===== journal_article -->

  <xsl:template match="article">
    <xsl:variable name="meta" select="front/article-meta"/>
    <xsl:variable name="doi" select="normalize-space($meta/article-id[@pub-id-type = 'doi'])"/>
    <journal_article publication_type="full_text" language="{f:lang(.)}">
      <titles>
        <title><xsl:apply-templates select="$meta/title-group/article-title/node()" mode="face"/></title>
      </titles>
      <xsl:apply-templates select="$meta/contrib-group[contrib[@contrib-type = 'author']][1]"/>
      <!-- The main points (abstract-type "key-points") are not an abstract of the article for Crossref. -->
      <xsl:apply-templates select="$meta/abstract[not(@abstract-type = 'key-points')]" mode="jats"/>
      <xsl:call-template name="publication-dates"/>
      <xsl:for-each select="$meta/history/date[@date-type = 'accepted'][1]">
        <acceptance_date><xsl:call-template name="date-parts"/></acceptance_date>
      </xsl:for-each>
      <!-- Pages, or (an online-only journal's article, which has none) its e-location id as Crossref's article
           number. -->
      <xsl:for-each select="$meta/fpage[normalize-space()][1]">
        <pages>
          <first_page><xsl:value-of select="normalize-space(.)"/></first_page>
          <xsl:for-each select="$meta/lpage[normalize-space()]">
            <last_page><xsl:value-of select="normalize-space(.)"/></last_page>
          </xsl:for-each>
        </pages>
      </xsl:for-each>
      <xsl:variable name="items" as="element()*">
        <xsl:for-each select="$meta[not(fpage[normalize-space()])]/elocation-id[normalize-space()][1]">
          <item_number item_number_type="article_number"><xsl:value-of select="normalize-space(.)"/></item_number>
        </xsl:for-each>
        <xsl:for-each select="$meta/article-id[@pub-id-type = 'publisher-id'][normalize-space()]">
          <item_number><xsl:value-of select="normalize-space(.)"/></item_number>
        </xsl:for-each>
      </xsl:variable>
      <xsl:if test="exists($items)">
        <publisher_item><xsl:sequence select="$items"/></publisher_item>
      </xsl:if>
      <xsl:apply-templates select="$meta/permissions"/>
      <doi_data>
        <doi><xsl:value-of select="$doi"/></doi>
        <resource><xsl:value-of select="$url-map($doi)?resource"/></resource>
        <!-- The PDF for Similarity Check's crawler and for text and data mining. -->
        <collection property="crawler-based">
          <item crawler="iParadigms"><resource><xsl:value-of select="$url-map($doi)?pdf"/></resource></item>
        </collection>
        <collection property="text-mining">
          <item><resource mime_type="application/pdf"><xsl:value-of select="$url-map($doi)?pdf"/></resource></item>
        </collection>
      </doi_data>
      <xsl:apply-templates select="back/ref-list[ref][1]"/>
    </journal_article>
  </xsl:template>

  <!-- ===== contributors -->

  <xsl:template match="contrib-group">
    <contributors>
      <xsl:apply-templates select="contrib[@contrib-type = 'author']"/>
    </contributors>
  </xsl:template>

  <xsl:template match="contrib[name]">
    <person_name sequence="{f:sequence(.)}" contributor_role="author">
      <xsl:for-each select="name/given-names[normalize-space()]">
        <given_name><xsl:value-of select="normalize-space(.)"/></given_name>
      </xsl:for-each>
      <surname><xsl:value-of select="normalize-space(name/surname)"/></surname>
      <xsl:for-each select="name/suffix[normalize-space()]">
        <suffix><xsl:value-of select="normalize-space(.)"/></suffix>
      </xsl:for-each>
      <xsl:variable name="affs" select="f:affiliations(.)"/>
      <xsl:if test="exists($affs)">
        <affiliations><xsl:apply-templates select="$affs"/></affiliations>
      </xsl:if>
      <!-- The ORCID iD URI as enrich writes it (https://orcid.org/..., the form Crossref requires). -->
      <xsl:for-each select="contrib-id[@contrib-id-type = 'orcid'][normalize-space()][1]">
        <ORCID authenticated="{if (@authenticated = 'true') then 'true' else 'false'}">
          <xsl:value-of select="normalize-space(.)"/>
        </ORCID>
      </xsl:for-each>
    </person_name>
  </xsl:template>

  <xsl:template match="contrib">
    <organization sequence="{f:sequence(.)}" contributor_role="author">
      <xsl:value-of select="normalize-space(collab)"/>
    </organization>
  </xsl:template>

  <!-- An aff as 5.3.1's institution: name, department, place (city, state, country as the JATS gives them). -->
  <xsl:template match="aff">
    <xsl:variable name="names" select="institution[not(@content-type = 'dept')][normalize-space()]"/>
    <xsl:variable name="depts" select="institution[@content-type = 'dept'][normalize-space()]"/>
    <xsl:variable name="place" select="string-join((addr-line[@content-type = ('city', 'state')], country)
                                                   [normalize-space()]/normalize-space(), ', ')"/>
    <institution>
      <institution_name>
        <xsl:value-of select="if (exists($names)) then string-join($names/normalize-space(), ', ')
                              else if (exists($depts)) then string-join($depts/normalize-space(), ', ')
                              else normalize-space(string-join((node() except label)/string()))"/>
      </institution_name>
      <xsl:if test="string-length($place) ge 2">
        <institution_place><xsl:value-of select="$place"/></institution_place>
      </xsl:if>
      <xsl:if test="exists($names)">
        <xsl:for-each select="$depts[position() le 6]">
          <institution_department><xsl:value-of select="normalize-space(.)"/></institution_department>
        </xsl:for-each>
      </xsl:if>
    </institution>
  </xsl:template>

  <!-- ===== publication dates -->
  <!-- The article's own publication date(s) in their medium (JATS "electronic" = Crossref "online"): for this
       journal the online date of the version of record. An issue published in print also dates the article's
       print publication, so a print collection date is added; an online issue date is the issue's, not the
       article's (Crossref: the article's online date is when it first appeared online). -->
  <xsl:template name="publication-dates">
    <xsl:variable name="meta" select="front/article-meta"/>
    <xsl:apply-templates select="$meta/pub-date[@date-type = 'pub' or @pub-type = ('epub', 'ppub')]" mode="date"/>
    <xsl:apply-templates mode="date"
        select="$meta/pub-date[@date-type = 'collection'][@publication-format = 'print']
                [not(../pub-date[@date-type = 'pub'][@publication-format = 'print'])]"/>
  </xsl:template>

  <xsl:template match="pub-date" mode="date">
    <publication_date media_type="{f:media(.)}"><xsl:call-template name="date-parts"/></publication_date>
  </xsl:template>

  <xsl:template name="date-parts">
    <xsl:for-each select="month[normalize-space()]"><month><xsl:value-of select="f:two(.)"/></month></xsl:for-each>
    <xsl:for-each select="day[normalize-space()]"><day><xsl:value-of select="f:two(.)"/></day></xsl:for-each>
    <year><xsl:value-of select="normalize-space(year)"/></year>
  </xsl:template>

  <!-- ===== access indicators: free to read, and the licence of the version of record -->

  <xsl:template match="permissions">
    <xsl:variable name="licences" select="license/(ali:license_ref, @xlink:href)[normalize-space()]"/>
    <xsl:if test="ali:free_to_read or exists($licences)">
      <ai:program name="AccessIndicators">
        <xsl:if test="ali:free_to_read"><ai:free_to_read/></xsl:if>
        <xsl:for-each select="distinct-values($licences/normalize-space())">
          <ai:license_ref applies_to="vor"><xsl:value-of select="."/></ai:license_ref>
        </xsl:for-each>
      </ai:program>
    </xsl:if>
  </xsl:template>

  <!-- ===== citation_list: one citation per reference -->

  <xsl:template match="ref-list">
    <citation_list>
      <xsl:apply-templates select="ref"/>
    </citation_list>
  </xsl:template>

  <xsl:template match="ref">
    <citation key="{(@id, concat('ref', position()))[1]}">
      <xsl:variable name="c" select="(element-citation, mixed-citation)[1]"/>
      <xsl:choose>
        <xsl:when test="$c/self::element-citation[@publication-type = 'journal']">
          <xsl:apply-templates select="$c" mode="journal-citation"/>
        </xsl:when>
        <xsl:when test="$c/self::element-citation[@publication-type = 'book']">
          <xsl:apply-templates select="$c" mode="book-citation"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="doi"><xsl:with-param name="citation" select="$c"/></xsl:call-template>
          <unstructured_citation><xsl:apply-templates select="f:citation-text($c)" mode="face"/></unstructured_citation>
        </xsl:otherwise>
      </xsl:choose>
    </citation>
  </xsl:template>

  <!-- Crossref's citation fields form an xsd:all: each at most once, in any order. -->
  <xsl:template match="element-citation" mode="journal-citation">
    <xsl:for-each select="source[1]"><journal_title><xsl:value-of select="normalize-space(.)"/></journal_title></xsl:for-each>
    <xsl:call-template name="first-author"/>
    <xsl:for-each select="volume[1]"><volume><xsl:value-of select="normalize-space(.)"/></volume></xsl:for-each>
    <xsl:for-each select="issue[1]"><issue><xsl:value-of select="normalize-space(.)"/></issue></xsl:for-each>
    <xsl:for-each select="fpage[1]"><first_page><xsl:value-of select="normalize-space(.)"/></first_page></xsl:for-each>
    <xsl:for-each select="elocation-id[1]"><elocation_id><xsl:value-of select="normalize-space(.)"/></elocation_id></xsl:for-each>
    <xsl:call-template name="year"/>
    <xsl:call-template name="doi"><xsl:with-param name="citation" select="."/></xsl:call-template>
    <xsl:for-each select="article-title[1]"><article_title><xsl:value-of select="normalize-space(.)"/></article_title></xsl:for-each>
  </xsl:template>

  <xsl:template match="element-citation" mode="book-citation">
    <xsl:call-template name="first-author"/>
    <xsl:for-each select="fpage[1]"><first_page><xsl:value-of select="normalize-space(.)"/></first_page></xsl:for-each>
    <xsl:call-template name="year"/>
    <xsl:call-template name="doi"><xsl:with-param name="citation" select="."/></xsl:call-template>
    <xsl:for-each select="source[1]"><volume_title><xsl:value-of select="normalize-space(.)"/></volume_title></xsl:for-each>
    <xsl:for-each select="edition[1][matches(., '\d')]">
      <edition_number><xsl:value-of select="replace(normalize-space(.), '^\D*(\d+).*$', '$1')"/></edition_number>
    </xsl:for-each>
    <xsl:for-each select="chapter-title[1]"><article_title><xsl:value-of select="normalize-space(.)"/></article_title></xsl:for-each>
  </xsl:template>

  <xsl:template name="first-author">
    <xsl:for-each select="(person-group[@person-group-type = 'author'] , .)[1]/(name | string-name)[1]/surname">
      <author><xsl:value-of select="normalize-space(.)"/></author>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="year">
    <xsl:for-each select="year[1]">
      <cYear><xsl:value-of select="replace(normalize-space(.), '^\D*(\d{4}).*$', '$1')"/></cYear>
    </xsl:for-each>
  </xsl:template>

  <!-- A reference's DOI, bare (10.xxxx/...), as Crossref's doi_t pattern requires. -->
  <xsl:template name="doi">
    <xsl:param name="citation" as="element()?"/>
    <xsl:for-each select="($citation//pub-id[@pub-id-type = 'doi'])[1]">
      <xsl:variable name="bare" select="replace(normalize-space(.), '^.*?(10\.\d{4,9}/)', '$1')"/>
      <xsl:if test="matches($bare, '^10\.\d{4,9}/\S+$')">
        <doi><xsl:value-of select="$bare"/></doi>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- ===== face markup (titles, unstructured citations): i, b, u, sup, sub; links and citations keep their text -->

  <xsl:template match="italic" mode="face"><i><xsl:apply-templates mode="face"/></i></xsl:template>
  <xsl:template match="bold" mode="face"><b><xsl:apply-templates mode="face"/></b></xsl:template>
  <xsl:template match="underline" mode="face"><u><xsl:apply-templates mode="face"/></u></xsl:template>
  <xsl:template match="sup" mode="face"><sup><xsl:apply-templates mode="face"/></sup></xsl:template>
  <xsl:template match="sub" mode="face"><sub><xsl:apply-templates mode="face"/></sub></xsl:template>
  <xsl:template match="sc" mode="face"><scp><xsl:apply-templates mode="face"/></scp></xsl:template>
  <xsl:template match="inline-formula" mode="face"><xsl:value-of select="normalize-space(.)"/></xsl:template>
  <xsl:template match="*" mode="face"><xsl:apply-templates mode="face"/></xsl:template>
  <xsl:template match="text()" mode="face"><xsl:value-of select="replace(., '\s+', ' ')"/></xsl:template>

  <!-- ===== jats:abstract: the JATS abstract in Crossref's JATS namespace. xrefs keep their text; ids are dropped
       (they would clash between articles and point at nothing in the deposit). -->

  <xsl:template match="xref" mode="jats"><xsl:apply-templates mode="jats"/></xsl:template>
  <xsl:template match="*" mode="jats">
    <xsl:element name="jats:{local-name()}" namespace="{$JATS}">
      <xsl:apply-templates select="@* except (@id, @rid)" mode="jats"/>
      <xsl:apply-templates mode="jats"/>
    </xsl:element>
  </xsl:template>
  <xsl:template match="mml:*" mode="jats">
    <xsl:element name="mml:{local-name()}" namespace="http://www.w3.org/1998/Math/MathML">
      <xsl:copy-of select="@* except @id"/>
      <xsl:apply-templates mode="jats"/>
    </xsl:element>
  </xsl:template>
  <xsl:template match="@*" mode="jats"><xsl:copy/></xsl:template>
  <xsl:template match="text()" mode="jats"><xsl:value-of select="replace(., '\s+', ' ')"/></xsl:template>
  <!-- Whitespace between block elements (sec, p) is layout, not text. -->
  <xsl:template match="text()[not(normalize-space())][not(../text()[normalize-space()])]" mode="jats"/>

  <!-- ===== helpers -->

  <xsl:function name="f:lang" as="xs:string">
    <xsl:param name="article" as="element(article)"/>
    <xsl:sequence select="lower-case(substring(($article/@xml:lang, 'en')[1], 1, 2))"/>
  </xsl:function>

  <xsl:function name="f:sequence" as="xs:string">
    <xsl:param name="contrib" as="element(contrib)"/>
    <xsl:sequence select="if ($contrib is ($contrib/../contrib[@contrib-type = 'author'])[1]) then 'first' else 'additional'"/>
  </xsl:function>

  <xsl:function name="f:media" as="xs:string">
    <xsl:param name="date" as="element(pub-date)"/>
    <xsl:sequence select="if ($date/@publication-format = 'print' or $date/@pub-type = 'ppub') then 'print' else 'online'"/>
  </xsl:function>

  <xsl:function name="f:two" as="xs:string">
    <xsl:param name="value" as="node()"/>
    <xsl:sequence select="format-number(xs:integer(normalize-space($value)), '00')"/>
  </xsl:function>

  <!-- An author's affiliations: aff elements inside the contrib, then those its xrefs point to, in that order. -->
  <xsl:function name="f:affiliations" as="element(aff)*">
    <xsl:param name="contrib" as="element(contrib)"/>
    <xsl:variable name="affs" select="$contrib/ancestor::article-meta//aff"/>
    <xsl:sequence select="$contrib/aff,
                          for $rid in $contrib/xref[@ref-type = 'aff']/tokenize(@rid) return $affs[@id = $rid]"/>
  </xsl:function>

  <!-- A reference as written: the mixed-citation itself, or the text of an element-citation's parts. -->
  <xsl:function name="f:citation-text" as="node()*">
    <xsl:param name="citation" as="element()?"/>
    <xsl:choose>
      <xsl:when test="$citation/self::mixed-citation"><xsl:sequence select="$citation/node()"/></xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="string-join($citation/*/normalize-space()[.], '. ')"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

</xsl:stylesheet>
